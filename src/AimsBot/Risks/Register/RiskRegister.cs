using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Storage.Ledger;
using AimsBot.Teams.Cards;

namespace AimsBot.Risks.Register;

/// <summary>
/// What the register's handlers share: the service, people, and the views and answers built on a loaded risk (who may
/// see and change it is decided here, on the stored risk, with <see cref="Permissions.Can"/>).
/// </summary>
public sealed class RiskRegister
{
    /// <summary>Ledger events read at most for a risk's inline history (a risk has a few dozen).</summary>
    private const int MaxHistoryRead = 1000;

    private readonly ILedgerAudit _ledger;

    public RiskRegister(RiskService service, RiskPeople people, ILedgerAudit ledger)
    {
        Service = service;
        People = people;
        _ledger = ledger;
    }

    public RiskService Service { get; }

    public RiskPeople People { get; }

    /// <summary>Whether the caller may read this risk (its people, or a role that reads the register).</summary>
    public static AccessDecision CanView(Caller caller, LoadedRisk loaded) =>
        Permissions.Can(caller.Actor, DomainAction.ViewRisks, loaded.Risk.ViewContext(loaded.System?.System));

    /// <summary>Whether the caller may change this risk (its owner, its system's owner, a compliance lead).</summary>
    public static AccessDecision CanManage(Caller caller, LoadedRisk loaded) =>
        Permissions.Can(caller.Actor, DomainAction.ManageRisks, loaded.Risk.ManageContext(loaded.System?.System));

    /// <summary>The view of a risk for cards, with everyone it names by name.</summary>
    public async Task<RiskView> ViewAsync(Caller caller, LoadedRisk loaded, IEnumerable<string>? morePeople, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(loaded);
        var risk = loaded.Risk;
        var ids = new List<string?> { risk.OwnerUserId, risk.CreatedBy };
        ids.AddRange(risk.Plan.Actions.SelectMany(a => new[] { a.OwnerUserId, a.DoneBy }));
        ids.AddRange(risk.Decisions.Select(d => d.DecidedBy));
        ids.AddRange(risk.ProposedBy);
        ids.AddRange(morePeople ?? []);
        var names = await People.NamesAsync(caller.TenantId, ids, cancellationToken);
        return new RiskView(risk, loaded.System?.System.Name, names, Service.Criteria, Service.Clock, Service.Zone, CanManage(caller, loaded).IsAllowed);
    }

    /// <summary>The risk card of a loaded risk, as the caller sees it.</summary>
    public async Task<AdaptiveCard> CardAsync(Caller caller, LoadedRisk loaded, string? notice, CancellationToken cancellationToken) =>
        RiskCards.Card(await ViewAsync(caller, loaded, null, cancellationToken), notice: notice);

    /// <summary><c>risk R-12</c>: the detail card with the risk's newest ledger events (its history, newest last).</summary>
    public async Task<AdaptiveCard> DetailAsync(Caller caller, LoadedRisk loaded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(loaded);
        var entityId = LedgerEvents.RiskAdded.EntityIdOf(loaded.Risk.Id);
        var events = new List<LedgerEvent>();
        long after = 0;
        while (events.Count < MaxHistoryRead)
        {
            var page = await _ledger.EntityPageAsync(caller.TenantId, entityId, after, 100, cancellationToken);
            events.AddRange(page.Events);
            if (!page.HasMore || page.Events.Count == 0)
            {
                break;
            }

            after = page.Events[^1].Sequence;
        }

        var shown = events.TakeLast(RiskCards.MaxHistory).ToList();
        var view = await ViewAsync(caller, loaded, shown.Select(e => e.ActorId), cancellationToken);
        return RiskCards.Detail(view, shown, events.Count);
    }

    /// <summary>
    /// A button pressed on a card about <paramref name="id"/> at <paramref name="revision"/>: the loaded risk, or the
    /// answer to give instead (unknown risk; the card is older than the risk: the current card, saying so).
    /// </summary>
    public async Task<(LoadedRisk? Risk, CardActionOutcome? Answer)> PressedAsync(CardActionContext context, RiskId id, int? revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var loaded = await Service.LoadAsync(context.Caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return (null, CardActionOutcome.Refuse("BadRequest", RiskService.Unknown(id).Message));
        }

        if (CanView(context.Caller, loaded).ToError() is { } refused)
        {
            return (null, CardActionOutcome.Refuse("Forbidden", refused.Message + " I changed nothing."));
        }

        if (revision is { } shown && shown != loaded.Stored.State.Revision)
        {
            return (null, CardActionOutcome.Replace(await CardAsync(context.Caller, loaded, $"{id} changed since this card was made, so I changed nothing. Here it is as it stands now.", cancellationToken)));
        }

        return (loaded, null);
    }

    /// <summary>How a refused change answers on a card: who may not (403), a busy or changed risk, or the problems.</summary>
    public async Task<CardActionOutcome> RefusalAsync(CardActionContext context, RiskId id, IReadOnlyList<DomainError> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.FirstOrDefault(e => e.Code == "access.refused") is { } refused)
        {
            return CardActionOutcome.Refuse("Forbidden", refused.Message + " I changed nothing.");
        }

        if (errors.Any(e => e.Code == RiskService.ChangedCode) && await Service.LoadAsync(context.Caller.TenantId, id, cancellationToken) is { } current)
        {
            return CardActionOutcome.Replace(await CardAsync(context.Caller, current, errors.First(e => e.Code == RiskService.ChangedCode).Message, cancellationToken));
        }

        return CardActionOutcome.Refuse("BadRequest", string.Join(" ", errors.Select(e => e.Message)) + " I changed nothing.");
    }

    /// <summary>Reads the risk id and revision a risk card's button carries.</summary>
    public static (RiskId? Id, int? Revision) Pressed(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = new AimsBot.Register.FormData(context.Data);
        var id = RiskId.TryParse(form.Text("riskId"), out var parsed) ? parsed : (RiskId?)null;
        var revision = int.TryParse(form.Text("revision"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        return (id, revision);
    }
}
