using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary><c>systems</c>: the AI systems in the register.</summary>
public sealed class SystemsCommand : IChatCommand
{
    private readonly AiSystemRepository _systems;

    public SystemsCommand(AiSystemRepository systems) => _systems = systems;

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var systems = await _systems.ListAsync(context.Caller.TenantId, cancellationToken);
        if (systems.Count == 0)
        {
            return BotReply.FromText(context.Caller.Has(Role.ComplianceLead)
                ? "The register has no AI systems yet. Add the first with **system add**."
                : "The register has no AI systems yet; a compliance lead adds them.");
        }

        return BotReply.FromCard(SystemCards.List(systems), $"{systems.Count} AI systems");
    }
}

/// <summary><c>system &lt;name&gt;</c>: one AI system and where its SoA stands.</summary>
public sealed class SystemCommand : IChatCommand
{
    private readonly RegisterQueries _queries;

    public SystemCommand(RegisterQueries queries) => _queries = queries;

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Length == 0)
        {
            return BotReply.FromText("Which AI system? Use: **system <name>** (or **systems** to list them, **system add** to add one).");
        }

        var view = await _queries.LoadAsync(context.Caller.TenantId, context.Arguments, cancellationToken);
        return view.TryGetValue(out var found)
            ? BotReply.FromCard(SystemCards.Details(found), found.ScopeName)
            : RegisterReplies.Problem(view);
    }
}

/// <summary>
/// <c>system add</c>: the form for a new AI system (compliance leads), and its submission (verb
/// <see cref="SystemCards.AddVerb"/>), which re-checks who is asking before anything is written.
/// </summary>
public sealed class SystemAddCommand : IChatCommand, ICardActionHandler
{
    private readonly RegisterService _register;
    private readonly OwnerResolver _owners;
    private readonly SystemChangeFollowUps _followUps;
    private readonly TimeProvider _clock;

    public SystemAddCommand(RegisterService register, OwnerResolver owners, SystemChangeFollowUps followUps, TimeProvider clock)
    {
        _register = register;
        _owners = owners;
        _followUps = followUps;
        _clock = clock;
    }

    public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // "system add Credit Scorer" starts the form with the name filled in.
        var prefill = context.Arguments.Length == 0 ? null : FormData.Of(("name", context.Arguments));
        return Task.FromResult(BotReply.FromCard(SystemCards.AddForm(Guid.NewGuid(), prefill), "Add an AI system"));
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var form = new FormData(context.Data);
        if (form.Guid("submissionId") is not { } submissionId)
        {
            return RegisterReplies.OutOfDate("system add");
        }

        var errors = new List<DomainError>();
        var roles = new List<OrganizationRole>();
        foreach (var value in (form.Text("roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseEnum<OrganizationRole>(value) is { } role)
            {
                roles.Add(role);
            }
            else
            {
                errors.Add(new DomainError("system.roles.invalid", "The organisation's role must be developer, provider or deployer/user.", "roles"));
            }
        }

        var stage = ParseEnum<LifecycleStage>(form.Text("stage"));
        if (stage is null or LifecycleStage.Retired)
        {
            errors.Add(new DomainError("system.stage.invalid", "Pick the life-cycle stage the system is in (a new system can't be retired).", "stage"));
        }

        var tier = ParseEnum<RiskTier>(form.Text("riskTier"));
        if (tier is null)
        {
            errors.Add(new DomainError("system.risk-tier.invalid", "Pick a risk tier: minimal, limited, high or unacceptable.", "riskTier"));
        }

        var owner = new OwnerCandidate(caller.UserKey, caller.Name, context.Turn.Activity.LocalTimezone);
        if (form.Text("owner") is { } ownerText)
        {
            var resolved = await _owners.ResolveAsync(caller.TenantId, OwnerReference.Typed(ownerText), context.Turn, cancellationToken);
            if (resolved.TryGetValue(out var candidate))
            {
                owner = candidate;
            }
            else
            {
                errors.AddRange(resolved.Errors);
            }
        }

        var details = new AiSystemDetails(
            form.Text("name"),
            form.Text("description"),
            form.Text("intendedUse"),
            roles,
            stage ?? (LifecycleStage)(-1),
            owner.UserId,
            tier ?? (RiskTier)(-1));
        if (errors.Count > 0)
        {
            // Report everything wrong at once: what the domain says about the rest of the form too.
            var rest = AiSystem.Create(details, caller.Actor, _clock).Errors.Where(e => errors.TrueForAll(x => x.Field != e.Field));
            return CardActionOutcome.Replace(SystemCards.AddForm(submissionId, form, [.. errors, .. rest]));
        }

        var added = await _register.AddSystemAsync(caller, details, owner.Name, submissionId, context.Turn.Activity.Id, cancellationToken);
        if (added.TryGetValue(out var system))
        {
            // Other workflows' part (the impact assessment's card to the owner), shown under what was added.
            var notes = await _followUps.RunAsync(caller, [new SystemChanged(null, system.System.System, system.System.OwnerName)], system.AlreadyRecorded, context.Turn.Activity.Id, cancellationToken);
            var card = SystemCards.Added(system);
            card.Body.AddRange(SystemChangeFollowUps.Show(notes));
            return CardActionOutcome.Replace(card);
        }

        return RegisterReplies.Refusal(added.Errors) ?? CardActionOutcome.Replace(SystemCards.AddForm(submissionId, form, added.Errors));
    }

    private static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        text is not null && !char.IsAsciiDigit(text[0]) && !text.StartsWith('-') && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : null;
}
