using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Access;
using AimsBot.Teams.Cards;

namespace AimsBot.Nonconformities;

/// <summary>
/// What the nonconformity handlers share: the service, each viewer's card (what they may do at the current step, names,
/// the system's name), and the cards sent to the next person through the outbox — the triage card to the compliance
/// leads, a step card to the owner, an action's card to its owner. Message ids are built from the nonconformity, its
/// revision and the recipient, so a repeated request queues nothing twice.
/// </summary>
public sealed class NonconformityWorkflow
{
    private readonly NonconformityService _service;
    private readonly NonconformityPeople _people;
    private readonly AiSystemRepository _systems;
    private readonly ComplianceLeadContacts _leads;
    private readonly RoleDirectory _roles;
    private readonly OutboxStore _outbox;

    public NonconformityWorkflow(
        NonconformityService service,
        NonconformityPeople people,
        AiSystemRepository systems,
        ComplianceLeadContacts leads,
        RoleDirectory roles,
        OutboxStore outbox)
    {
        _service = service;
        _people = people;
        _systems = systems;
        _leads = leads;
        _roles = roles;
        _outbox = outbox;
    }

    public NonconformityService Service => _service;

    public NonconformityPeople People => _people;

    /// <summary>The refusal for someone who may not see <paramref name="nc"/>.</summary>
    public const string NotShown = "Nonconformities are shown to compliance leads, auditors, risk approvers, admins and the people of one nonconformity (who raised it, its owner, its action owners).";

    /// <summary>
    /// Whether <paramref name="viewer"/> may see <paramref name="nc"/>: whoever reads every nonconformity, the people who
    /// work on it (its owner, its action owners, a lead), and whoever raised it.
    /// </summary>
    public static bool MayView(Actor viewer, Nonconformity nc)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(nc);
        return Permissions.Can(viewer, DomainAction.ViewNonconformities, nc.Resource).IsAllowed
            || Permissions.Can(viewer, DomainAction.WorkOnNonconformity, nc.Resource).IsAllowed
            || viewer.Is(nc.RaisedBy);
    }

    /// <summary>The card of <paramref name="nc"/> as <paramref name="viewer"/> sees it now.</summary>
    public async Task<AdaptiveCard> CardAsync(string tenantId, Actor viewer, Nonconformity nc, FormData? values, IReadOnlyList<DomainError>? errors, string? notice, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(tenantId, viewer, nc, values, errors, notice, cancellationToken);
        return NonconformityCards.Step(view);
    }

    public async Task<NonconformityView> ViewAsync(string tenantId, Actor viewer, Nonconformity nc, FormData? values, IReadOnlyList<DomainError>? errors, string? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(nc);
        var people = new List<string?> { nc.RaisedBy, nc.OwnerUserId, nc.TriagedBy };
        foreach (var cycle in nc.Steps.Cycles)
        {
            people.AddRange(cycle.Actions.Select(a => a.OwnerUserId));
            people.AddRange(cycle.Actions.Select(a => a.DoneBy));
            people.Add(cycle.Implementation?.By);
            people.Add(cycle.Review?.ReviewerUserId);
            people.Add(cycle.ReopenedBecause?.By);
        }

        var names = await _people.NamesAsync(tenantId, people, cancellationToken);
        var system = nc.SystemId is { } systemId ? await _systems.GetAsync(tenantId, systemId, cancellationToken) : null;
        var today = _service.Today;
        var options = _service.Options;
        var mayComplete = nc.Cycle.Actions
            .Where(a => Permissions.Can(viewer, DomainAction.WorkOnNonconformity, new ResourceContext(OwnerUserId: nc.OwnerUserId, ContributorUserIds: [a.OwnerUserId])).IsAllowed)
            .Select(a => a.Number)
            .ToHashSet();
        var review = Permissions.Can(viewer, DomainAction.ReviewNonconformityEffectiveness, nc.Resource);
        var defaults = new NonconformityFormDefaults(
            today.AddDays(options.CorrectionDays),
            today.AddDays(options.RootCauseDays),
            today.AddDays(options.ActionsDays),
            today.AddDays(options.RootCauseDays),
            null);
        return new NonconformityView(
            nc,
            system?.System.Name,
            names,
            today,
            MayTriage: Permissions.Can(viewer, DomainAction.TriageNonconformity, nc.Resource).IsAllowed,
            MayWork: Permissions.Can(viewer, DomainAction.WorkOnNonconformity, new ResourceContext(OwnerUserId: nc.OwnerUserId)).IsAllowed,
            mayComplete,
            review.IsAllowed,
            review.IsAllowed ? null : review.Reason,
            defaults,
            values,
            errors,
            notice);
    }

    /// <summary>Sends the triage card to every reachable compliance lead except <paramref name="except"/> (who has it in front of them). Returns how many.</summary>
    public async Task<int> SendForTriageAsync(string tenantId, Nonconformity nc, string? except, CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var lead in await _leads.ReachableAsync(tenantId, cancellationToken))
        {
            if (string.Equals(lead.RowKey, except, StringComparison.OrdinalIgnoreCase)
                || lead is not { ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                continue;
            }

            var roles = await _roles.GetRolesAsync(tenantId, lead.RowKey, cancellationToken);
            var card = await CardAsync(tenantId, new Actor(lead.RowKey, roles), nc, null, null, "A nonconformity to triage.", cancellationToken);
            await EnqueueAsync(tenantId, "nc-triage", nc, new ProactiveRecipient(lead.RowKey, serviceUrl, conversation), $"Nonconformity to triage: {nc.Id} {nc.Title}", card, lead.RowKey, cancellationToken);
            sent++;
        }

        return sent;
    }

    /// <summary>
    /// Sends the current step's card to whoever acts next, unless it is <paramref name="caller"/> (their card shows it
    /// already): the owner; at implementation, each action's owner too. Returns the names of those it went to.
    /// </summary>
    public async Task<IReadOnlyList<string>> SendNextStepAsync(string tenantId, Nonconformity nc, string caller, CancellationToken cancellationToken)
    {
        var recipients = new List<string>();
        if (nc.OwnerUserId is { } owner && nc.IsOpen && nc.Stage != NonconformityStage.EffectivenessReview)
        {
            recipients.Add(owner);
        }

        if (nc.Stage == NonconformityStage.Implementation)
        {
            recipients.AddRange(nc.Cycle.Actions.Where(a => !a.IsDone).Select(a => a.OwnerUserId));
        }

        var names = await _people.NamesAsync(tenantId, recipients, cancellationToken);
        var sent = new List<string>();
        foreach (var userId in recipients.Distinct(StringComparer.OrdinalIgnoreCase).Where(r => !string.Equals(r, caller, StringComparison.OrdinalIgnoreCase)))
        {
            if (await _people.ChatOfAsync(tenantId, userId, cancellationToken) is not { } chat)
            {
                continue;
            }

            var roles = await _roles.GetRolesAsync(tenantId, userId, cancellationToken);
            var card = await CardAsync(tenantId, new Actor(userId, roles), nc, null, null, $"{nc.Id} needs you: {nc.Stage.Words().ToLowerInvariant()}.", cancellationToken);
            await EnqueueAsync(tenantId, "nc-step", nc, chat, $"{nc.Id} {nc.Title}: {nc.Stage.Words()}", card, userId, cancellationToken);
            sent.Add(names(userId));
        }

        return sent;
    }

    private async Task EnqueueAsync(string tenantId, string purpose, Nonconformity nc, ProactiveRecipient to, string text, AdaptiveCard card, string recipient, CancellationToken cancellationToken)
    {
        var now = _service.Clock.GetUtcNow();
        var id = OutboxStore.MessageId(purpose, tenantId, nc.Id.ToString(), nc.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), recipient);
        await _outbox.EnqueueAsync(OutboxCards.Message(tenantId, id, purpose, to, text, card, now, now), cancellationToken);
    }
}
