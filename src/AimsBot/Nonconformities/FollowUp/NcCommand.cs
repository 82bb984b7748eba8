using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;

namespace AimsBot.Nonconformities.FollowUp;

/// <summary>Who a nonconformity names, for looking their names up once per card or file.</summary>
public static class NonconformityMentions
{
    /// <summary>Everyone a nonconformity names: who raised, triaged and owns it, who did each step, the action owners, the reviewers.</summary>
    public static IEnumerable<string?> People(Nonconformity nc)
    {
        ArgumentNullException.ThrowIfNull(nc);
        yield return nc.RaisedBy;
        yield return nc.TriagedBy;
        yield return nc.OwnerUserId;
        yield return nc.Steps.Correction?.By;
        foreach (var cycle in nc.Steps.Cycles)
        {
            yield return cycle.RootCause?.By;
            yield return cycle.Implementation?.By;
            yield return cycle.Review?.ReviewerUserId;
            yield return cycle.ReopenedBecause?.By;
            foreach (var action in cycle.Actions)
            {
                yield return action.OwnerUserId;
                yield return action.DoneBy;
            }
        }
    }
}

/// <summary>
/// <c>nc NC-7</c>: one nonconformity in full — what, where, how serious, every step recorded in every cycle (root cause,
/// actions, implementation, review, reopening), closure — and its history from the ledger with each event's sequence
/// number (<c>ledger NC-7</c> has them all). For whoever may list nonconformities, and its own people (its owner, the
/// person who raised it, its action owners), decided on the stored nonconformity (<see cref="DomainAction.ViewNonconformity"/>).
/// </summary>
public sealed class NcCommand : IChatCommand
{
    public const string Name = "nc";
    public const string Usage = "nc NC-<n>";

    private readonly NonconformityService _service;
    private readonly NonconformityPeople _people;
    private readonly ILedgerAudit _ledger;
    private readonly AiSystemRepository _systems;

    public NcCommand(NonconformityService service, NonconformityPeople people, ILedgerAudit ledger, AiSystemRepository systems)
    {
        _service = service;
        _people = people;
        _ledger = ledger;
        _systems = systems;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var typed = context.Arguments.Trim();
        if (typed.Length == 0)
        {
            return BotReply.FromText("Which nonconformity? Say **nc NC-7**; **ncs** lists them.");
        }

        var read = NonconformityId.Read(typed);
        if (!read.TryGetValue(out var id))
        {
            return BotReply.FromText(read.ErrorMessage);
        }

        var caller = context.Caller;
        var loaded = await _service.GetAsync(caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return BotReply.FromText(NonconformityService.Unknown(id).Message);
        }

        var nc = loaded.Nc;
        if (Permissions.Can(caller.Actor, DomainAction.ViewNonconformity, nc.Resource).ToError() is { } refused)
        {
            return BotReply.FromText(refused.Message);
        }

        var history = await _ledger.RecentForEntityAsync(caller.TenantId, LedgerEvents.NonconformityRaised.EntityIdOf(id), NonconformityDetailCards.MaxHistory, cancellationToken);
        var names = await _people.NamesAsync(caller.TenantId, NonconformityMentions.People(nc).Concat(history.Events.Select(e => e.ActorId)), cancellationToken);
        var systemName = nc.SystemId is null ? null : (await _systems.GetAsync(caller.TenantId, nc.SystemId, cancellationToken))?.System.Name ?? nc.SystemId;
        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var mayWork = nc.IsOpen && nc.Stage != NonconformityStage.Raised
            && Permissions.Can(caller.Actor, DomainAction.WorkOnNonconformity, nc.Resource).IsAllowed;
        var view = new NonconformityDetailView(nc, systemName, names, history.Events, history.TotalCount, _service.Clock, _service.Zone, zone, mayWork);
        return BotReply.FromCard(NonconformityDetailCards.Detail(view), $"{id}: {nc.Title}");
    }
}
