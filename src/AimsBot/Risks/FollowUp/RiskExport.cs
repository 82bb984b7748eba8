using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Risks;
using AimsBot.Exports;
using AimsBot.Files;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;

namespace AimsBot.Risks.FollowUp;

/// <summary>
/// <c>export risks [as csv|xlsx]</c>: the whole risk register of the tenant, one row per risk in id order, closed ones
/// included (an auditor samples the history too). For the export roles (<see cref="DomainAction.ExportRecords"/>:
/// compliance leads, auditors, admins). The action counts need each risk's plan, so every risk is read whole.
/// </summary>
public sealed class RiskExport : IExportSource
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "Risk", "Title", "System", "Source", "Owner", "Likelihood", "Consequence", "Inherent level", "Option", "Controls",
        "Actions", "Residual level", "Status", "Approved by", "Approved at (UTC)", "Acceptance valid until", "Criteria version",
    ];

    private readonly RiskRepository _risks;
    private readonly AiSystemRepository _systems;
    private readonly UserLookup _users;

    public RiskExport(RiskRepository risks, AiSystemRepository systems, UserLookup users)
    {
        _risks = risks;
        _systems = systems;
        _users = users;
    }

    public string Kind => "risks";

    public DomainAction Action => DomainAction.ExportRecords;

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        if (!string.IsNullOrWhiteSpace(request.Arguments))
        {
            throw new ExportRefusedException("**export risks** takes no more than a format: try **export risks** or **export risks as xlsx**.");
        }

        var systems = await _systems.NamesAsync(caller.TenantId, cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var summary in await _risks.ListAsync(caller.TenantId, cancellationToken))
        {
            var stored = await _risks.GetAsync(caller.TenantId, summary.Id, cancellationToken);
            if (stored is null || !Risk.Restore(stored.State).TryGetValue(out var risk))
            {
                continue;
            }

            var approval = risk.Decisions.LastOrDefault(d => d.Kind == RiskDecisionKind.Approved);
            var open = risk.Plan.Actions.Count(a => !a.IsDone);
            var done = risk.Plan.Actions.Count - open;
            rows.Add(
            [
                risk.Id.ToString(),
                risk.Title,
                risk.SystemId is null ? "organisation" : systems.GetValueOrDefault(risk.SystemId) ?? risk.SystemId,
                risk.Source.Reference is { } reference ? $"{risk.Source.Kind.Name()}: {reference}" : risk.Source.Kind.Name(),
                risk.OwnerUserId is null ? null : await NameAsync(caller.TenantId, risk.OwnerUserId, names, cancellationToken),
                risk.Inherent?.Likelihood,
                risk.Inherent?.Consequence,
                risk.Inherent?.Level.Words(),
                risk.Plan.Option?.Name(),
                string.Join(", ", risk.Plan.Controls.Select(c => c.Value)),
                string.Create(CultureInfo.InvariantCulture, $"{open} open / {done} done"),
                risk.Plan.Residual?.Level.Words(),
                risk.Status.Words(),
                approval is null ? null : await NameAsync(caller.TenantId, approval.DecidedBy, names, cancellationToken),
                approval?.DecidedAt,
                risk.AcceptedUntil,
                risk.Inherent?.CriteriaVersion,
            ]);
        }

        var table = new ExportTable("Risk register", Headers, rows);
        var xlsx = string.Equals(request.Format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var content = xlsx ? await TabularExport.ToXlsxAsync(table, cancellationToken) : TabularExport.ToCsv(table);
        return new ExportFile($"risks.{(xlsx ? "xlsx" : "csv")}", content, string.Create(CultureInfo.InvariantCulture, $"Risk register: {rows.Count} risk{(rows.Count == 1 ? "" : "s")}"));
    }

    /// <summary>A person by the name the bot has for them (their id when it has none), looked up once per export.</summary>
    private async Task<string> NameAsync(string tenantId, string userId, Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        if (!names.TryGetValue(userId, out var name))
        {
            name = OwnerIds.Display(userId, (await _users.GetAsync(tenantId, userId, cancellationToken))?.Name);
            names[userId] = name;
        }

        return name;
    }
}
