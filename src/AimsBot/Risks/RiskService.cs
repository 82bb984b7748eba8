using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks;

/// <summary>A risk as loaded: the stored row, the aggregate, and its AI system (null for an organisation-wide risk).</summary>
public sealed record LoadedRisk(StoredRisk Stored, Risk Risk, StoredAiSystem? System);

/// <summary>What a risk form asks for: the details, the source (new risks only), the rating before treatment and the plan.</summary>
public sealed record RiskInput(RiskDetails Details, RiskSource Source, (int Likelihood, int Consequence)? Rating, TreatmentPlanDraft? Plan);

/// <summary>A stored change: the risk after it, and whether an earlier request had already made it (a form sent twice).</summary>
public sealed record RiskChange(LoadedRisk Risk, bool AlreadyDone);

/// <summary>
/// The operations on the risk register a handler calls: load, apply the domain change, write the row (ETag-guarded),
/// record its ledger events. Every change re-reads the risk and its AI system from storage; the domain decides who may.
/// </summary>
public sealed class RiskService
{
    /// <summary>The error code of a change that lost to another (or was asked from an older card): show the current risk.</summary>
    public const string ChangedCode = "risk.changed";

    /// <summary>The error code of an id the register has no risk for.</summary>
    public const string UnknownCode = "risk.unknown";

    /// <summary>
    /// How long a new risk's ledger events are left to the request that wrote it before a repair records them: that
    /// request records them within moments; a marker older than this was left by a crash (or a ledger outage).
    /// </summary>
    public static readonly TimeSpan LedgerRepairGrace = TimeSpan.FromMinutes(2);

    private static readonly RiskId Placeholder = new(RiskId.MaxNumber);

    /// <summary>The events a new risk records, so the ones it owes can be recorded later.</summary>
    private static readonly LedgerEventDefinition<RiskId>[] AddEvents = [LedgerEvents.RiskAdded, LedgerEvents.RiskRated, LedgerEvents.RiskPlanChanged];

    private readonly RiskRepository _risks;
    private readonly ProposedRiskRepository _proposals;
    private readonly AiSystemRepository _systems;
    private readonly LedgerRecorder _ledger;
    private readonly ILedgerStore _ledgerReads;
    private readonly IOptions<RiskOptions> _options;
    private readonly IOptions<RegisterOptions> _register;
    private readonly TimeProvider _clock;

    public RiskService(
        RiskRepository risks,
        ProposedRiskRepository proposals,
        AiSystemRepository systems,
        LedgerRecorder ledger,
        ILedgerStore ledgerReads,
        IOptions<RiskOptions> options,
        IOptions<RegisterOptions> register,
        TimeProvider clock)
    {
        _risks = risks;
        _proposals = proposals;
        _systems = systems;
        _ledger = ledger;
        _ledgerReads = ledgerReads;
        _options = options;
        _register = register;
        _clock = clock;
    }

    public RiskCriteriaOptions Criteria => _options.Value.Criteria;

    /// <summary>The zone due dates of treatment actions are dates in: the organisation's.</summary>
    public TimeZoneInfo Zone => _register.Value.OrganizationZone;

    public TimeProvider Clock => _clock;

    public static DomainError Unknown(RiskId id) =>
        new(UnknownCode, $"There is no risk {id} in the register. Say **risks** to list them.", "riskId");

    /// <summary>A risk with its AI system, or null when the tenant has none with that id.</summary>
    public async Task<LoadedRisk?> LoadAsync(string tenantId, RiskId id, CancellationToken cancellationToken)
    {
        var stored = await _risks.GetAsync(tenantId, id, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var restored = Risk.Restore(stored.State);
        if (!restored.TryGetValue(out var risk))
        {
            throw new InvalidDataException($"Risk {id} of tenant {tenantId} does not read: {restored.ErrorMessage}");
        }

        var system = stored.State.SystemId is { } systemId ? await _systems.GetAsync(tenantId, systemId, cancellationToken) : null;
        return new LoadedRisk(stored, risk, system);
    }

    /// <summary>
    /// Adds a risk from a form: checked in full before an id is drawn (so a refused form uses no number), then stored
    /// under the next id. <paramref name="claimKey"/> (the form's submission id) makes a form sent twice add one risk.
    /// </summary>
    public async Task<Result<RiskChange>> AddAsync(Caller caller, StoredAiSystem? system, RiskInput input, string claimKey, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var checkedFirst = Apply(null, Placeholder, system?.System, input, caller.Actor);
        if (!checkedFirst.IsSuccess)
        {
            return Result.Failure<RiskChange>(checkedFirst.Errors);
        }

        var drawn = await _risks.NextIdAsync(caller.TenantId, cancellationToken);
        var id = await _risks.ClaimAsync(caller.TenantId, claimKey, drawn, cancellationToken);
        if (id != drawn && await LoadAsync(caller.TenantId, id, cancellationToken) is { } earlier)
        {
            // The form sent again, maybe after the first request stopped between the row and its ledger events.
            await RepairLedgerAsync(caller.TenantId, id, cancellationToken);
            return Result.Success(new RiskChange(earlier, AlreadyDone: true));
        }

        var made = Apply(null, id, system?.System, input, caller.Actor);
        if (!made.TryGetValue(out var risk))
        {
            return Result.Failure<RiskChange>(made.Errors);
        }

        var records = new List<LedgerRecord> { LedgerEvents.RiskAdded.About(id, null, RiskLedger.Snapshot(risk)) };
        if (risk.Inherent is not null)
        {
            records.Add(LedgerEvents.RiskRated.About(id, null, RiskLedger.Rated(risk)));
        }

        if (risk.PlanRevision > 0)
        {
            records.Add(LedgerEvents.RiskPlanChanged.About(id, null, RiskLedger.PlanOf(risk)));
        }

        StoredRisk stored;
        try
        {
            stored = await AddOwingAsync(caller, risk, records, sourceActivityId, cancellationToken);
        }
        catch (EntityAlreadyExistsException)
        {
            // The same form, sent twice at once: the other request stored it.
            return await LoadAsync(caller.TenantId, id, cancellationToken) is { } other
                ? Result.Success(new RiskChange(other, AlreadyDone: true))
                : Result.Failure<RiskChange>(Busy());
        }

        await _ledger.RecordAllAsync(caller, records, sourceActivityId, cancellationToken);
        await _risks.SettleOwedLedgerAsync(caller.TenantId, id, cancellationToken);
        return Result.Success(new RiskChange(new LoadedRisk(stored, risk, system), AlreadyDone: false));
    }

    /// <summary>
    /// Records the ledger events new risks of the tenant still owe (a request stopped between writing the row and
    /// recording them) and were left longer than <see cref="LedgerRepairGrace"/>: each exactly once — an event already
    /// in the ledger is not recorded again, and a repair takes a marker up under its ETag, so two repairs never both
    /// record it. One query when nothing is owed. Returns how many risks were repaired.
    /// </summary>
    public async Task<int> RepairLedgerAsync(string tenantId, CancellationToken cancellationToken)
    {
        var repaired = 0;
        foreach (var owed in await _risks.ListOwedLedgerAsync(tenantId, cancellationToken))
        {
            if (await RepairAsync(tenantId, owed, cancellationToken))
            {
                repaired++;
            }
        }

        return repaired;
    }

    private async Task RepairLedgerAsync(string tenantId, RiskId id, CancellationToken cancellationToken)
    {
        foreach (var owed in (await _risks.ListOwedLedgerAsync(tenantId, cancellationToken)).Where(o => o.Id == id))
        {
            await RepairAsync(tenantId, owed, cancellationToken);
        }
    }

    private async Task<bool> RepairAsync(string tenantId, OwedRiskLedger owed, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (now - (owed.ClaimedAt ?? owed.WrittenAt) < LedgerRepairGrace)
        {
            return false; // the request that wrote it (or another repair) may be recording it right now
        }

        try
        {
            await _risks.ClaimOwedLedgerAsync(tenantId, owed, now, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return false; // another repair took it up, or the request settled it
        }

        var entity = LedgerEvents.RiskAdded.EntityIdOf(owed.Id);
        var recorded = await _ledgerReads.ForEntityAsync(tenantId, entity, cancellationToken);
        var actor = new Actor(owed.ActorUserId, owed.ActorRoles.Select(r => Enum.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>().ToHashSet());
        var wrote = false;
        foreach (var owedEvent in owed.Events)
        {
            if (recorded.Any(e => e.Action == owedEvent.Action && e.After == owedEvent.After))
            {
                continue;
            }

            var definition = AddEvents.FirstOrDefault(d => d.Name == owedEvent.Action)
                ?? throw new InvalidDataException($"Risk {owed.Id} of tenant {tenantId} owes an event a new risk does not record: {owedEvent.Action}");
            await _ledger.RecordAsync(tenantId, actor, definition.About(owed.Id, owedEvent.Before, owedEvent.After), owed.SourceActivityId, cancellationToken);
            wrote = true;
        }

        await _risks.SettleOwedLedgerAsync(tenantId, owed.Id, cancellationToken);
        return wrote;
    }

    /// <summary>Writes a new risk with the ledger events it owes (one transaction), so a crash before they are recorded leaves a marker to repair.</summary>
    private Task<StoredRisk> AddOwingAsync(Caller caller, Risk risk, IReadOnlyList<LedgerRecord> records, string? sourceActivityId, CancellationToken cancellationToken)
    {
        var owed = new OwedRiskLedger(
            risk.Id,
            caller.Actor.UserId,
            caller.Actor.Roles.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList(),
            sourceActivityId,
            records.Select(r => new OwedLedgerEvent(r.Action, r.Before, r.After)).ToList(),
            _clock.GetUtcNow(),
            null,
            default);
        return _risks.AddAsync(caller.TenantId, risk.ToState(), owed, cancellationToken);
    }

    /// <summary>
    /// Applies a form to a risk shown at <paramref name="expectedRevision"/>: refused with <see cref="ChangedCode"/> when
    /// the risk changed since (the card is out of date) or another change wins the write. A change to an approved plan
    /// sends it back for approval (the domain decides), recorded as <c>risk.reapproval.required</c>.
    /// </summary>
    public async Task<Result<RiskChange>> EditAsync(Caller caller, RiskId id, int expectedRevision, RiskInput input, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var loaded = await LoadAsync(caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return Result.Failure<RiskChange>(Unknown(id));
        }

        if (loaded.Stored.State.Revision != expectedRevision)
        {
            return Result.Failure<RiskChange>(Changed(id));
        }

        var before = loaded.Risk;
        var applied = Apply(before, id, loaded.System?.System, input, caller.Actor);
        if (!applied.TryGetValue(out var after))
        {
            return Result.Failure<RiskChange>(applied.Errors);
        }

        if (after.Revision == before.Revision)
        {
            return Result.Success(new RiskChange(loaded, AlreadyDone: true));
        }

        StoredRisk stored;
        try
        {
            stored = await _risks.ReplaceAsync(caller.TenantId, after.ToState(), loaded.Stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Result.Failure<RiskChange>(Changed(id));
        }

        var records = new List<LedgerRecord>();
        if (before.Title != after.Title || before.Description != after.Description || !string.Equals(before.OwnerUserId, after.OwnerUserId, StringComparison.OrdinalIgnoreCase))
        {
            records.Add(LedgerEvents.RiskEdited.About(id, RiskLedger.Details(before), RiskLedger.Details(after)));
        }

        if (before.Inherent != after.Inherent)
        {
            records.Add(LedgerEvents.RiskRated.About(id, RiskLedger.Rated(before), RiskLedger.Rated(after)));
        }

        if (before.PlanRevision != after.PlanRevision)
        {
            records.Add(LedgerEvents.RiskPlanChanged.About(id, RiskLedger.PlanOf(before), RiskLedger.PlanOf(after)));
        }

        if (before.Status == RiskStatus.Approved && after.Status == RiskStatus.AwaitingApproval)
        {
            records.Add(LedgerEvents.RiskReapprovalRequired.About(id, RiskLedger.Status(before), RiskLedger.Status(after, after.ReapprovalReason)));
        }

        if (records.Count > 0)
        {
            await _ledger.RecordAllAsync(caller, records, sourceActivityId, cancellationToken);
        }

        return Result.Success(new RiskChange(loaded with { Stored = stored, Risk = after }, AlreadyDone: false));
    }

    /// <summary>
    /// Submits the plan for approval (the domain checks it is complete and who may) and records <c>risk.submit</c>;
    /// returns the stored risk. Routing and the approval card follow from the caller of this method.
    /// </summary>
    public async Task<Result<StoredRisk>> SubmitAsync(Caller caller, RiskId riskId, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var loaded = await LoadAsync(caller.TenantId, riskId, cancellationToken);
        if (loaded is null)
        {
            return Result.Failure<StoredRisk>(Unknown(riskId));
        }

        var submitted = loaded.Risk.Submit(loaded.System?.System, Criteria, caller.Actor, _clock);
        if (!submitted.TryGetValue(out var after))
        {
            return Result.Failure<StoredRisk>(submitted.Errors);
        }

        StoredRisk stored;
        try
        {
            stored = await _risks.ReplaceAsync(caller.TenantId, after.ToState(), loaded.Stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Result.Failure<StoredRisk>(Changed(riskId));
        }

        await _ledger.RecordAsync(caller, LedgerEvents.RiskSubmitted.About(riskId, RiskLedger.Status(loaded.Risk), RiskLedger.Status(after, after.ReapprovalReason)), activityId, cancellationToken);
        return Result.Success(stored);
    }

    /// <summary>Closes a risk with a reason and records <c>risk.close</c>.</summary>
    public async Task<Result<RiskChange>> CloseAsync(Caller caller, RiskId riskId, int expectedRevision, string? reason, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var loaded = await LoadAsync(caller.TenantId, riskId, cancellationToken);
        if (loaded is null)
        {
            return Result.Failure<RiskChange>(Unknown(riskId));
        }

        if (loaded.Stored.State.Revision != expectedRevision)
        {
            return Result.Failure<RiskChange>(Changed(riskId));
        }

        var closed = loaded.Risk.Close(loaded.System?.System, reason, caller.Actor, _clock);
        if (!closed.TryGetValue(out var after))
        {
            return Result.Failure<RiskChange>(closed.Errors);
        }

        StoredRisk stored;
        try
        {
            stored = await _risks.ReplaceAsync(caller.TenantId, after.ToState(), loaded.Stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Result.Failure<RiskChange>(Changed(riskId));
        }

        await _ledger.RecordAsync(caller, LedgerEvents.RiskClosed.About(riskId, RiskLedger.Status(loaded.Risk), RiskLedger.Status(after, after.ClosedReason)), activityId, cancellationToken);
        return Result.Success(new RiskChange(loaded with { Stored = stored, Risk = after }, AlreadyDone: false));
    }

    /// <summary>
    /// Takes up a proposed risk (from an approved impact assessment) into the register as a draft for the system's owner
    /// (or a compliance lead) to complete, and marks the proposal adopted. Pressed twice, or by two people at once, it
    /// makes one risk: the second press gets the first one's.
    /// </summary>
    public async Task<Result<RiskChange>> AdoptProposalAsync(Caller caller, string proposalKey, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var tenant = caller.TenantId;
        var row = await _proposals.GetAsync(tenant, proposalKey, cancellationToken);
        var system = row is null ? null : await _systems.GetAsync(tenant, row.SystemId, cancellationToken);
        if (row is null || system is null)
        {
            return Result.Failure<RiskChange>(new DomainError("risk.proposal.unknown", "That proposed risk is no longer in the register. Say **risks** for the current list."));
        }

        if (Permissions.Can(caller.Actor, DomainAction.ManageRisks, new ResourceContext(SystemOwnerUserId: system.System.OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<RiskChange>(refused);
        }

        if (row.Status == ProposedRiskRepository.StatusAdopted && RiskId.TryParse(row.AdoptedAs, out var adopted)
            && await LoadAsync(tenant, adopted, cancellationToken) is { } already)
        {
            return Result.Success(new RiskChange(already, AlreadyDone: true));
        }

        var proposal = new ProposedRisk(
            new ProposedRiskRef(row.SystemId, row.AssessmentVersion, row.Item), row.Title, row.Description, row.Area, row.AffectedParties,
            row.Severity, row.Likelihood, row.Level, row.RaisedForSensitiveUse, row.ExistingMeasures);
        var createdBy = string.IsNullOrWhiteSpace(row.ProposedBy) ? caller.UserKey : row.ProposedBy;
        var checkedFirst = Risk.FromProposal(Placeholder, proposal, system.System, Criteria, createdBy, _clock);
        if (!checkedFirst.IsSuccess)
        {
            return Result.Failure<RiskChange>(checkedFirst.Errors);
        }

        var drawn = await _risks.NextIdAsync(tenant, cancellationToken);
        var id = await _risks.ClaimAsync(tenant, "proposal|" + row.RowKey, drawn, cancellationToken);
        var loaded = await LoadAsync(tenant, id, cancellationToken);
        var alreadyDone = loaded is not null;
        if (loaded is not null)
        {
            await RepairLedgerAsync(tenant, id, cancellationToken);
        }
        else
        {
            var risk = Risk.FromProposal(id, proposal, system.System, Criteria, createdBy, _clock).Value!;
            try
            {
                LedgerRecord[] records = [LedgerEvents.RiskAdded.About(id, null, RiskLedger.Snapshot(risk))];
                var stored = await AddOwingAsync(caller, risk, records, activityId, cancellationToken);
                loaded = new LoadedRisk(stored, risk, system);
                await _ledger.RecordAsync(caller, records[0], activityId, cancellationToken);
                await _risks.SettleOwedLedgerAsync(tenant, id, cancellationToken);
            }
            catch (EntityAlreadyExistsException)
            {
                loaded = await LoadAsync(tenant, id, cancellationToken);
                alreadyDone = true;
                if (loaded is null)
                {
                    return Result.Failure<RiskChange>(Busy());
                }
            }
        }

        await MarkAdoptedAsync(caller, row, id, activityId, cancellationToken);
        return Result.Success(new RiskChange(loaded, alreadyDone));
    }

    /// <summary>The proposals of the tenant not yet taken up, for the systems the caller may add risks to.</summary>
    public async Task<IReadOnlyList<(ProposedRiskRow Proposal, StoredAiSystem System)>> OpenProposalsAsync(Caller caller, IReadOnlyDictionary<string, StoredAiSystem> systems, string? systemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(systems);
        var rows = systemId is null
            ? await _proposals.ListAsync(caller.TenantId, cancellationToken)
            : await _proposals.ListForSystemAsync(caller.TenantId, systemId, cancellationToken);
        return rows
            .Where(r => r.Status == ProposedRiskRepository.StatusProposed && systems.ContainsKey(r.SystemId))
            .Select(r => (r, systems[r.SystemId]))
            .Where(p => Permissions.Can(caller.Actor, DomainAction.ManageRisks, new ResourceContext(SystemOwnerUserId: p.Item2.System.OwnerUserId)).IsAllowed)
            .ToList();
    }

    private async Task MarkAdoptedAsync(Caller caller, ProposedRiskRow row, RiskId id, string? activityId, CancellationToken cancellationToken)
    {
        var current = row;
        for (var attempt = 0; attempt < 5 && current is not null; attempt++)
        {
            if (current.Status == ProposedRiskRepository.StatusAdopted)
            {
                return;
            }

            try
            {
                await _proposals.MarkAdoptedAsync(current, id.ToString(), cancellationToken);
                var proposal = new ProposedRiskRef(current.SystemId, current.AssessmentVersion, current.Item);
                await _ledger.RecordAsync(
                    caller,
                    LedgerEvents.RiskProposalAdopted.About(proposal, RiskLedger.Proposal(ProposedRiskRepository.StatusProposed, null), RiskLedger.Proposal(ProposedRiskRepository.StatusAdopted, id.ToString())),
                    activityId,
                    cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                current = await _proposals.GetAsync(caller.TenantId, row.RowKey, cancellationToken);
            }
        }
    }

    /// <summary>Creates or edits, rates and plans in one go, reporting every problem at once.</summary>
    private Result<Risk> Apply(Risk? existing, RiskId id, Domain.Register.AiSystem? system, RiskInput input, Actor actor)
    {
        var started = existing is null
            ? Risk.Create(id, system, input.Details, input.Source, actor, _clock)
            : existing.Edit(system, input.Details, actor);
        if (!started.TryGetValue(out var risk))
        {
            return started;
        }

        var errors = new List<DomainError>();
        if (input.Rating is { } rating)
        {
            var rated = risk.Rate(system, rating.Likelihood, rating.Consequence, Criteria, actor);
            if (rated.TryGetValue(out var r))
            {
                risk = r;
            }
            else
            {
                errors.AddRange(rated.Errors);
            }
        }

        if (input.Plan is { } plan)
        {
            var planned = risk.ChangePlan(system, plan, Criteria, actor, Zone, _clock);
            if (planned.TryGetValue(out var p))
            {
                risk = p;
            }
            else
            {
                errors.AddRange(planned.Errors);
            }
        }

        return errors.Count > 0 ? Result.Failure<Risk>(errors) : Result.Success(risk);
    }

    private static DomainError Changed(RiskId id) =>
        new(ChangedCode, string.Create(CultureInfo.InvariantCulture, $"{id} changed since this card was made, so I changed nothing. Here it is as it stands now."));

    private static DomainError Busy() =>
        new(ChangedCode, "Someone else is adding the same risk right now, so I changed nothing. Please try again in a moment.");
}
