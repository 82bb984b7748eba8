using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Exports;
using AimsBot.Files;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Audit;

/// <summary>
/// <c>export evidence &lt;id&gt; [system &lt;name&gt;] [since …] [until …] [as csv|xlsx]</c>: every row the
/// <c>evidence</c> query's pages show, in the same order, read through the same query. For the export roles
/// (<see cref="DomainAction.ExportRecords"/>) who may also read that instance's evidence.
/// </summary>
public sealed class EvidenceExport : IExportSource
{
    public static readonly IReadOnlyList<string> Headers =
        ["Submitted at (UTC)", "Evidence id", "Control", "Scope", "Submitter", "Submitter id", "Kind", "Link", "Description", "Period from", "Period to", "Valid until"];

    private readonly EvidenceQueries _queries;

    public EvidenceExport(EvidenceQueries queries) => _queries = queries;

    public string Kind => "evidence";

    public DomainAction Action => DomainAction.ExportRecords;

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var resolved = await _queries.ResolveAsync(caller, request.Arguments, cancellationToken);
        if (!resolved.TryGetValue(out var target))
        {
            throw new ExportRefusedException(resolved.ErrorMessage.Replace("Use: **evidence", "Use: **export evidence", StringComparison.Ordinal));
        }

        var rows = new List<IReadOnlyList<object?>>();
        await foreach (var e in _queries.AllAsync(caller.TenantId, target, cancellationToken))
        {
            rows.Add(Row(e));
        }

        var scope = target.View.System is { } s ? s.System.Id : "organisation";
        var name = $"evidence-{target.Control.Id}-{scope}";
        var table = new ExportTable(name, [.. Headers], rows);
        var xlsx = string.Equals(request.Format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var content = xlsx ? await TabularExport.ToXlsxAsync(table, cancellationToken) : TabularExport.ToCsv(table);
        return new ExportFile($"{name}.{(xlsx ? "xlsx" : "csv")}", content, $"Evidence for {target.Control.Id} ({target.View.ScopeName}): {rows.Count} records");
    }

    private static IReadOnlyList<object?> Row(StoredEvidence e) =>
    [
        e.SubmittedAt.ToUniversalTime(),
        e.Id,
        e.ControlId.Value,
        e.Scope.Key,
        e.SubmittedByName,
        e.SubmittedBy,
        CardText.Kind(e.Kind),
        e.Url,
        e.Description,
        e.PeriodFrom,
        e.PeriodTo,
        e.ValidUntil,
    ];
}
