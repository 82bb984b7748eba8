using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Exports;
using AimsBot.Files;
using AimsBot.Storage.Nonconformities;
using AimsBot.Storage.Register;

namespace AimsBot.Nonconformities.FollowUp;

/// <summary>
/// <c>export ncs [as csv|xlsx]</c>: every nonconformity of the tenant, one row each in id order, closed and declined ones
/// included (an auditor samples the history too), with the latest cycle's root cause, actions and review. For the export
/// roles (<see cref="DomainAction.ExportRecords"/>: compliance leads, auditors, admins). The steps are JSON in the row, so
/// every nonconformity is read whole.
/// </summary>
public sealed class NonconformityExport : IExportSource
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "Nonconformity", "Title", "Severity", "Source", "System", "Controls", "Step", "Step due", "Owner", "Raised by", "Raised at (UTC)",
        "Correction", "Cause category", "Root cause", "Similar elsewhere", "Corrective actions", "Implemented at (UTC)", "Review",
        "Reviewed by", "Closed at (UTC)", "Cycles", "Evidence link",
    ];

    private readonly NonconformityRepository _nonconformities;
    private readonly AiSystemRepository _systems;
    private readonly UserLookup _users;

    public NonconformityExport(NonconformityRepository nonconformities, AiSystemRepository systems, UserLookup users)
    {
        _nonconformities = nonconformities;
        _systems = systems;
        _users = users;
    }

    public string Kind => "ncs";

    public DomainAction Action => DomainAction.ExportRecords;

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        if (!string.IsNullOrWhiteSpace(request.Arguments))
        {
            throw new ExportRefusedException("**export ncs** takes no more than a format: try **export ncs** or **export ncs as xlsx**.");
        }

        var systems = await _systems.NamesAsync(caller.TenantId, cancellationToken);
        var loaded = new List<Nonconformity>();
        foreach (var listed in await _nonconformities.ListAllAsync(caller.TenantId, NonconformityListQuery.Everything, cancellationToken))
        {
            var id = NonconformityRepository.IdOf(listed);
            var row = await _nonconformities.GetAsync(caller.TenantId, id, cancellationToken);
            if (row is not null && Nonconformity.Restore(NonconformityRepository.StateOf(row)).TryGetValue(out var nc))
            {
                loaded.Add(nc);
            }
        }

        // Every person named, looked up once for the whole file (however many nonconformities name them).
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in loaded.SelectMany(NonconformityMentions.People).OfType<string>().Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names[id] = OwnerIds.Display(id, OwnerIds.IsPending(id) ? null : (await _users.GetAsync(caller.TenantId, id, cancellationToken))?.Name);
        }

        string nameOf(string id) => names.GetValueOrDefault(id) ?? id;
        var rows = loaded.OrderBy(n => n.Id.Number).Select(nc =>
        {
            var cycle = nc.Cycle;
            var cause = cycle.RootCause;
            var review = cycle.Review;
            return (IReadOnlyList<object?>)
            [
                nc.Id.ToString(),
                nc.Title,
                nc.Severity.Name(),
                nc.Source.Name(),
                nc.SystemId is null ? "organisation" : systems.GetValueOrDefault(nc.SystemId) ?? nc.SystemId,
                string.Join(", ", nc.ControlIds),
                nc.Stage.Name(),
                nc.IsOpen ? nc.StageDueOn : null,
                nc.OwnerUserId is null ? null : nameOf(nc.OwnerUserId),
                nameOf(nc.RaisedBy),
                nc.RaisedAt,
                nc.Steps.Correction?.Correction,
                cause?.Category.Name(),
                cause is null ? null : $"{cause.WhatHappened} — {cause.Why}",
                cause?.SimilarElsewhere is { Length: > 0 } similar ? similar : null,
                cycle.Actions.Count == 0 ? null : string.Join("; ", cycle.Actions.Select(a => string.Create(CultureInfo.InvariantCulture,
                    $"{a.Number}. {a.Title} ({nameOf(a.OwnerUserId)}, due {a.Due:yyyy-MM-dd}{(a.DoneAt is { } done ? $", done {done:yyyy-MM-dd}" : ", open")})"))),
                cycle.Implementation?.At,
                review is null ? (nc.Stage == NonconformityStage.Declined ? "declined: " + nc.Steps.DeclinedReason : null) : $"{(review.Effective ? "effective" : "not effective")}: {review.Comment}",
                review is null ? null : nameOf(review.ReviewerUserId),
                nc.ClosedAt,
                nc.Steps.Cycles.Count,
                nc.EvidenceLink,
            ];
        }).ToList();

        var table = new ExportTable("Nonconformities", Headers, rows);
        var xlsx = string.Equals(request.Format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var content = xlsx ? await TabularExport.ToXlsxAsync(table, cancellationToken) : TabularExport.ToCsv(table);
        return new ExportFile($"ncs.{(xlsx ? "xlsx" : "csv")}", content, string.Create(CultureInfo.InvariantCulture, $"Nonconformities: {rows.Count} nonconformit{(rows.Count == 1 ? "y" : "ies")}"));
    }
}
