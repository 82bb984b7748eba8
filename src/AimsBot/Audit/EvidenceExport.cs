using System.Text.RegularExpressions;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Exports;
using AimsBot.Files;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Audit;

/// <summary>
/// <c>export evidence &lt;id&gt; [system &lt;name&gt;|all systems] [since …] [until …] [covering …] [as csv|xlsx]</c>: every row
/// the <c>evidence</c> query's pages show, in the same order, read through the same query. For the export roles
/// (<see cref="DomainAction.ExportRecords"/>) who may also read that instance's evidence.
/// <c>export evidence all [since …] [until …] [covering …]</c>: the whole evidence index of the tenant — every control,
/// every scope — for sampling, read from storage a page (1,000 rows) at a time while the file is written; for those
/// who may read every instance's evidence (compliance leads, auditors, admins).
/// </summary>
public sealed partial class EvidenceExport : IExportSource
{
    public const string AllUsage = "export evidence all [since <yyyy-mm-dd>] [until <yyyy-mm-dd>] [covering <from> <to>] [as csv|xlsx]";

    public static readonly IReadOnlyList<string> Headers =
        ["Submitted at (UTC)", "Evidence id", "Control", "Scope", "Submitter", "Submitter id", "Kind", "Link", "Description", "Period from", "Period to", "Valid until"];

    /// <summary>The whole index's columns: the scope's name beside its key, since the file mixes every scope.</summary>
    public static readonly IReadOnlyList<string> AllHeaders = [.. Headers.Take(SystemColumn), "System", .. Headers.Skip(SystemColumn)];

    /// <summary>Where the whole index's System column goes: right after the scope's key.</summary>
    private const int SystemColumn = 4;

    private readonly EvidenceQueries _queries;
    private readonly EvidenceRepository _evidence;
    private readonly AiSystemRepository _systems;

    public EvidenceExport(EvidenceQueries queries, EvidenceRepository evidence, AiSystemRepository systems)
    {
        _queries = queries;
        _evidence = evidence;
        _systems = systems;
    }

    public string Kind => "evidence";

    public DomainAction Action => DomainAction.ExportRecords;

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var xlsx = string.Equals(request.Format, "xlsx", StringComparison.OrdinalIgnoreCase);
        if (WholeIndex().Match(request.Arguments ?? "") is { Success: true } whole)
        {
            return await BuildWholeIndexAsync(caller, request.Arguments![whole.Length..], xlsx, cancellationToken);
        }

        var resolved = await _queries.ResolveAsync(caller, request.Arguments ?? "", cancellationToken);
        if (!resolved.TryGetValue(out var target))
        {
            throw new ExportRefusedException(resolved.ErrorMessage.Replace("Use: **evidence", "Use: **export evidence", StringComparison.Ordinal));
        }

        var names = target is AllScopesTarget ? await _systems.NamesAsync(caller.TenantId, cancellationToken) : null;
        var rows = new List<IReadOnlyList<object?>>();
        await foreach (var e in _queries.AllAsync(caller.TenantId, target, cancellationToken))
        {
            rows.Add(names is null ? Row(e) : AllRow(e, names));
        }

        var scope = target switch
        {
            EvidenceTarget { View.System: { } s } => s.System.Id,
            EvidenceTarget => "organisation",
            _ => "all-systems",
        };
        var name = $"evidence-{target.Control.Id}-{scope}";
        var table = new ExportTable(name, [.. names is null ? Headers : AllHeaders], rows);
        var content = xlsx ? await TabularExport.ToXlsxAsync(table, cancellationToken) : TabularExport.ToCsv(table);
        var where = target is EvidenceTarget one ? one.View.ScopeName : "every scope";
        return new ExportFile($"{name}.{(xlsx ? "xlsx" : "csv")}", content, $"Evidence for {target.Control.Id} ({where}): {rows.Count} records");
    }

    /// <summary>
    /// Every record of the tenant's evidence index that the dates let through, in index order (control, then newest
    /// first). The writer pulls rows from a page enumerator on a worker thread: one page of rows is held at a time.
    /// </summary>
    private async Task<ExportFile> BuildWholeIndexAsync(Caller caller, string arguments, bool xlsx, CancellationToken cancellationToken)
    {
        var parsed = EvidenceQueryArguments.ParseDates(arguments.Trim(), AllUsage);
        if (!parsed.TryGetValue(out var found))
        {
            throw new ExportRefusedException(parsed.ErrorMessage);
        }

        var (dates, rest) = found;
        if (rest.Length > 0)
        {
            var shown = rest.Length > 40 ? rest[..40] + "…" : rest;
            throw new ExportRefusedException($"I don't know what '{shown}' means here. Use: **{AllUsage}**");
        }

        if (Permissions.Can(caller.Actor, DomainAction.ViewEvidence, ResourceContext.None).ToError() is not null)
        {
            throw new ExportRefusedException("The whole evidence index is for compliance leads, auditors and admins.");
        }

        var names = await _systems.NamesAsync(caller.TenantId, cancellationToken);
        var counted = new WholeIndexRows(_evidence, caller.TenantId, dates, names, cancellationToken);
        var table = new ExportTable("evidence-all", [.. AllHeaders], counted);
        // The table's rows are read (synchronously, page by page) by the writer: off the request's thread.
        var content = await Task.Run(() => xlsx ? TabularExport.ToXlsxAsync(table, cancellationToken) : Task.FromResult(TabularExport.ToCsv(table)), cancellationToken);
        var filtered = dates.Any ? $" ({dates.Describe()})" : "";
        return new ExportFile($"evidence-all.{(xlsx ? "xlsx" : "csv")}", content, $"All evidence, every control and scope{filtered}: {counted.Count} records");
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

    /// <summary>A row of <see cref="Row"/> with the scope's name in <see cref="AllHeaders"/>' System column.</summary>
    private static IReadOnlyList<object?> AllRow(StoredEvidence e, IReadOnlyDictionary<string, string> names)
    {
        var row = Row(e);
        return [.. row.Take(SystemColumn), e.Scope.IsOrganization ? "Organisation" : names.GetValueOrDefault(e.Scope.Key) ?? e.Scope.Key, .. row.Skip(SystemColumn)];
    }

    // "all", "all systems", "all ai systems" — but not "all systems" after a control id (that is one control everywhere).
    [GeneratedRegex(@"^\s*all(\s+(ai\s+)?systems?)?(?=\s|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex WholeIndex();

    /// <summary>The index's rows, a storage page at a time, as the writer asks for them; counts what it gave.</summary>
    private sealed class WholeIndexRows(EvidenceRepository evidence, string tenantId, EvidenceDates dates, IReadOnlyDictionary<string, string> names, CancellationToken cancellationToken)
        : IEnumerable<IReadOnlyList<object?>>
    {
        public int Count { get; private set; }

        public IEnumerator<IReadOnlyList<object?>> GetEnumerator()
        {
            // Control by control in the catalogue's order (A.2.2 … A.10.4, as the SoA reads; not as text, which puts
            // A.10 before A.2), each control's partition page by page.
            foreach (var control in AnnexA.Controls.Select(c => c.ControlId))
            {
                string? token = null;
                do
                {
                    // The writers (CSV, MiniExcel) take a plain enumerable; this runs on a worker thread (Task.Run above).
                    var page = evidence.IndexPageAsync(tenantId, control, dates.Filter, token, cancellationToken).GetAwaiter().GetResult();
                    foreach (var e in page.Items)
                    {
                        Count++;
                        yield return AllRow(e, names);
                    }

                    token = page.ContinuationToken;
                }
                while (token is not null);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
