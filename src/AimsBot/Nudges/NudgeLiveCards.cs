using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// Rebuilds an owner's nudge card from live state: for each item on it, the control instance (owner, next due,
/// a period declared not applicable), its latest evidence and the period's nudge row (snoozes, a pending
/// reassignment). Used by the card's refresh and by every card action to answer with the card as it now is.
/// </summary>
public sealed class NudgeLiveCards
{
    private readonly ControlInstanceRepository _controls;
    private readonly EvidenceRepository _evidence;
    private readonly AiSystemRepository _systems;
    private readonly NudgeStateStore _nudges;
    private readonly NudgeOptions _options;
    private readonly TimeProvider _clock;

    public NudgeLiveCards(
        ControlInstanceRepository controls,
        EvidenceRepository evidence,
        AiSystemRepository systems,
        NudgeStateStore nudges,
        IOptions<NudgeOptions> options,
        TimeProvider clock)
    {
        _controls = controls;
        _evidence = evidence;
        _systems = systems;
        _nudges = nudges;
        _options = options.Value;
        _clock = clock;
    }

    public int MaxSnoozes => _options.MaxSnoozes;

    /// <summary>The card for <paramref name="ownerKey"/> with these items, as of now, with every detail (as its owner sees it).</summary>
    public Task<NudgeCardView> ViewAsync(
        string tenantId,
        string ownerKey,
        string? ownerName,
        string? ownerTeamsId,
        IReadOnlyList<NudgeItemKey> keys,
        CancellationToken cancellationToken) =>
        ViewAsync(tenantId, ownerKey, ownerName, ownerTeamsId, keys, viewer: null, cancellationToken);

    /// <summary>
    /// The card for <paramref name="ownerKey"/> as <paramref name="viewer"/> may see it: the restricted details of an item
    /// (a not-applicable reason, who submitted evidence, who a reassignment goes to and who decided it) only when the viewer
    /// may read that instance's evidence (its owner, the AI system's owner, compliance leads, auditors, admins) or asked
    /// for this period's reassignment themselves. Null: every detail.
    /// </summary>
    public async Task<NudgeCardView> ViewAsync(
        string tenantId,
        string ownerKey,
        string? ownerName,
        string? ownerTeamsId,
        IReadOnlyList<NudgeItemKey> keys,
        Actor? viewer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var systems = new Dictionary<string, StoredAiSystem?>(StringComparer.Ordinal);
        var items = new List<NudgeItemView>(keys.Count);
        foreach (var key in keys)
        {
            items.Add(await ItemAsync(tenantId, ownerKey, key, viewer, systems, cancellationToken));
        }

        var model = new NudgeCardModel(tenantId, ownerKey, ownerName, items.Select(i => i.Item).ToList(), _clock.GetUtcNow(), _options.MaxSnoozes, ownerTeamsId);
        return new NudgeCardView(model, items);
    }

    /// <summary>The AI system's name for a scope key (null for the organisation).</summary>
    public async Task<string?> SystemNameAsync(string tenantId, ControlScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsOrganization ? null : (await _systems.GetAsync(tenantId, scope.Key, cancellationToken))?.System.Name ?? scope.Key;
    }

    private async Task<NudgeItemView> ItemAsync(string tenantId, string ownerKey, NudgeItemKey key, Actor? viewer, Dictionary<string, StoredAiSystem?> systems, CancellationToken cancellationToken)
    {
        if (!systems.TryGetValue(key.ScopeKey, out var system))
        {
            system = key.Scope.IsOrganization ? null : await _systems.GetAsync(tenantId, key.Scope.Key, cancellationToken);
            systems[key.ScopeKey] = system;
        }

        var systemName = key.Scope.IsOrganization ? null : system?.System.Name ?? key.Scope.Key;

        var stored = await _controls.GetAsync(tenantId, key.Scope, key.ControlId, cancellationToken);
        var zone = stored?.Instance.DueZone ?? TimeZoneInfo.Utc;
        var row = await _nudges.GetOrNewAsync(RegisterKeys.ControlPartition(tenantId, key.Scope), key.ControlId.Value, key.Due, cancellationToken);
        var item = new DueControl(
            key.ScopeKey, systemName, key.ControlId.Value, AnnexA.Get(key.ControlId).Title, key.Due,
            DueDateCalculator.Status(key.Due, _clock, zone), row.SnoozeCount);

        if (stored is null || stored.Instance.Applicability.IsExcluded)
        {
            return Done(item, "No longer due: the control is excluded or not in the register.");
        }

        var instance = stored.Instance;
        var next = CardText.Date(instance.NextDue);
        var detailed = viewer is null
            || Permissions.Can(viewer, DomainAction.ViewEvidence, ResourceContext.ControlInstance(instance.OwnerUserId, system?.System.OwnerUserId)).IsAllowed
            || viewer.Is(row.ReassignRequestedBy);
        if (instance.NotApplicableThrough == key.Due)
        {
            return Done(item, detailed ? $"Not applicable this period: {instance.NotApplicableReason}. Next due {next}." : $"Not applicable this period. Next due {next}.");
        }

        if (!string.Equals(instance.OwnerUserId, ownerKey, StringComparison.OrdinalIgnoreCase))
        {
            // The owner is the register's (everyone reads it); who decided is not.
            var how = detailed && row.ReassignOutcome is { Length: > 0 } outcome ? outcome : "Reassigned";
            return Done(item, $"{how}: now owned by {OwnerIds.Display(instance.OwnerUserId, stored.OwnerName)}.");
        }

        if (instance.NextDue != key.Due)
        {
            var recent = await _evidence.LatestAsync(tenantId, key.Scope, key.ControlId, 1, cancellationToken);
            var latest = recent.Count > 0 ? recent[0] : null;
            var by = detailed && latest is not null ? $" by {latest.SubmittedByName ?? latest.SubmittedBy}" : "";
            return latest is not null && instance.NextDue > key.Due
                ? Done(item, string.Create(CultureInfo.InvariantCulture, $"Evidence recorded{by} on {CardText.Date(latest.SubmittedAt, zone)}. Next due {next}."))
                : Done(item, $"This period is closed. Next due {next}.");
        }

        var pending = NudgeLiveCards.IsPending(row);
        var note = pending
            ? detailed ? $"Reassignment requested to {row.ReassignToName ?? row.ReassignTo} — waiting for a compliance lead." : "Reassignment requested — waiting for a compliance lead."
            : detailed ? row.ReassignOutcome : null;
        var snoozedUntil = row.SnoozedUntil is { } until && until > _clock.GetUtcNow() ? until : (DateTimeOffset?)null;
        return new NudgeItemView(item, NudgeItemState.Open, note, snoozedUntil, pending);
    }

    /// <summary>A reassignment asked for and not yet decided (a decision keeps the request's fields for the record and sets the decided ones).</summary>
    public static bool IsPending(NudgeStateRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.ReassignTo is not null && row.ReassignDecidedAt is null;
    }

    private static NudgeItemView Done(DueControl item, string note) => new(item, NudgeItemState.Done, note, null, false);
}
