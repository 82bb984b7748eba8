using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Exports;
using AimsBot.Files;

namespace AimsBot.Register;

/// <summary><c>export soa [system &lt;name&gt;] [as csv|xlsx]</c>: the Statement of Applicability as a file, from live state.</summary>
public sealed class SoaExport : IExportSource
{
    private static readonly string[] Headers =
        ["Objective", "Control", "Title", "Layer", "Included", "Justification", "Decided by", "Decided at", "Implementation", "Owner", "Last evidence", "Next due", "Source", "Treats risks", "Open major nonconformities"];

    private readonly RegisterQueries _queries;
    private readonly DeciderNames _deciders;
    private readonly Risks.FollowUp.ControlRisks? _risks;
    private readonly Nonconformities.FollowUp.ControlNonconformities? _nonconformities;

    public SoaExport(RegisterQueries queries, DeciderNames deciders, Risks.FollowUp.ControlRisks? risks = null, Nonconformities.FollowUp.ControlNonconformities? nonconformities = null)
    {
        _queries = queries;
        _deciders = deciders;
        _risks = risks;
        _nonconformities = nonconformities;
    }

    public string Kind => "soa";

    public DomainAction Action => DomainAction.ViewRegister;

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var loaded = await _queries.LoadAsync(caller.TenantId, RegisterArguments.SystemName(request.Arguments), cancellationToken);
        if (!loaded.TryGetValue(out var view))
        {
            throw new ExportRefusedException(loaded.ErrorMessage);
        }

        var deciders = await _deciders.ForAsync(caller.TenantId, view, cancellationToken);
        var treats = _risks is null ? null : await _risks.IdsAsync(caller.TenantId, view.System?.System.Id, cancellationToken);
        var majors = _nonconformities is null ? null : await _nonconformities.IdsAsync(caller.TenantId, view.System?.System.Id, cancellationToken);
        var rows = view.Soa.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.ObjectiveId,
            r.ControlId.Value,
            r.Title,
            r.Layer.ToString(),
            r.Included ? "included" : "excluded",
            r.Justification,
            r.DecidedBy is null ? null : deciders.GetValueOrDefault(r.ControlId) ?? r.DecidedBy,
            r.DecidedAt,
            r.Implementation.ToString(),
            r.OwnerUserId is null ? null : view.OwnerDisplay(r.OwnerUserId),
            r.LastEvidenceAt,
            r.NextDue,
            r.Source.ToString(),
            treats?.GetValueOrDefault(r.ControlId),
            majors?.GetValueOrDefault(r.ControlId),
        ]);
        var scope = view.System is { } s ? s.System.Id : "organisation";
        var table = new ExportTable("SoA " + scope, Headers, rows);
        var xlsx = string.Equals(request.Format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var content = xlsx ? await TabularExport.ToXlsxAsync(table, cancellationToken) : TabularExport.ToCsv(table);
        return new ExportFile($"soa-{scope}.{(xlsx ? "xlsx" : "csv")}", content, $"Statement of Applicability of {view.ScopeName}: {view.Soa.Rows.Count} controls");
    }
}
