using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Risks;
using AimsBot.Register;
using AimsBot.Risks.Approval;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks.Register;

/// <summary><c>risk criteria</c>: the scales, the matrix, the acceptance threshold and how long an acceptance holds.</summary>
public sealed class RiskCriteriaCommand : IChatCommand
{
    public const string Name = "risk criteria";

    private readonly IOptions<RiskOptions> _options;

    public RiskCriteriaCommand(IOptions<RiskOptions> options) => _options = options;

    public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(BotReply.FromCard(RiskCards.Criteria(_options.Value.Criteria), "Risk criteria"));
}

/// <summary>
/// <c>risk add [system &lt;name&gt;]</c>: the form for a new risk of an AI system (its owner or a compliance lead) or of
/// the organisation (a compliance lead), and its submission (verb <see cref="RiskCards.AddVerb"/>): stored as the next
/// <c>R-n</c> and answered with the risk card in place of the form.
/// </summary>
public sealed class RiskAddCommand : IChatCommand, ICardActionHandler
{
    public const string Name = "risk add";
    public const string Usage = "risk add [system <name>]";

    private readonly RiskRegister _register;
    private readonly RegisterQueries _queries;
    private readonly AiSystemRepository _systems;

    public RiskAddCommand(RiskRegister register, RegisterQueries queries, AiSystemRepository systems)
    {
        _register = register;
        _queries = queries;
        _systems = systems;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var arguments = context.Arguments.Trim();
        StoredAiSystem? system = null;
        if (arguments.Length > 0)
        {
            if (!RiskArguments.TrySystem(arguments, out var name))
            {
                return BotReply.FromText($"Use: **{Usage}**: **risk add** for an organisation-wide risk, **risk add system Credit Scorer** for a risk of one AI system.");
            }

            var found = await _queries.FindSystemAsync(caller.TenantId, name, cancellationToken);
            if (!found.TryGetValue(out system))
            {
                return BotReply.FromText(found.ErrorMessage);
            }
        }

        if (Permissions.Can(caller.Actor, DomainAction.ManageRisks, new ResourceContext(SystemOwnerUserId: system?.System.OwnerUserId)).ToError() is { } refused)
        {
            return BotReply.FromText(system is null
                ? "Only a compliance lead can add an organisation-wide risk. To add a risk of an AI system you own, say **risk add system ‹name›**."
                : refused.Message);
        }

        var data = new JsonObject { ["submissionId"] = Guid.NewGuid().ToString("N"), ["systemId"] = system?.System.Id };
        return BotReply.FromCard(Form(system, data, null, null), "Add a risk");
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var form = new FormData(context.Data);
        if (form.Guid("submissionId") is not { } submissionId)
        {
            return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risk add** for a fresh one.");
        }

        StoredAiSystem? system = null;
        if (form.Text("systemId") is { } systemId)
        {
            system = await _systems.GetAsync(caller.TenantId, systemId, cancellationToken);
            if (system is null)
            {
                return CardActionOutcome.Refuse("BadRequest", "The AI system this form is for is no longer in the register, so I added nothing. Say **systems** to see the register.");
            }
        }

        var data = new JsonObject { ["submissionId"] = submissionId.ToString("N"), ["systemId"] = system?.System.Id };
        var read = await RiskForm.ReadAsync(form, isNew: true, _register.Service.Criteria, _register.People, caller, context.Turn, cancellationToken);
        if (!read.TryGetValue(out var input))
        {
            return CardActionOutcome.Replace(Form(system, data, form, read.Errors));
        }

        var added = await _register.Service.AddAsync(caller, system, input, "submission|" + submissionId.ToString("N"), context.Turn.Activity.Id, cancellationToken);
        if (!added.TryGetValue(out var change))
        {
            return added.Errors.Any(e => e.Code is "access.refused" or RiskService.ChangedCode)
                ? CardActionOutcome.Refuse(added.Errors[0].Code == "access.refused" ? "Forbidden" : "Conflict", added.Errors[0].Message + " I added nothing.")
                : CardActionOutcome.Replace(Form(system, data, form, added.Errors));
        }

        var id = change.Risk.Risk.Id;
        var notice = change.AlreadyDone ? $"This form was already sent: it added {id}." : $"Added {id} to the register.";
        return CardActionOutcome.Replace(await _register.CardAsync(caller, change.Risk, notice, cancellationToken));
    }

    private Teams.Cards.AdaptiveCard Form(StoredAiSystem? system, JsonObject data, FormData? values, IReadOnlyList<DomainError>? errors) =>
        RiskForm.Card(
            system is null ? "Add an organisation-wide risk" : $"Add a risk of {CardText.Md(system.System.Name)}",
            "What could go wrong, who owns it, how likely and how serious it is, and how it is treated (ISO/IEC 42001 6.1.2–6.1.3). Only the title is needed now; the rest before it goes for approval.",
            _register.Service.Criteria,
            isNew: true,
            RiskCards.AddVerb,
            "Add risk",
            data,
            values,
            errors);
}

/// <summary><c>risks [system &lt;name&gt;] [open|high|awaiting]</c>: the register as a table, and proposals to complete.</summary>
public sealed class RisksCommand : IChatCommand
{
    public const string Name = "risks";
    public const string Usage = "risks [system <name>] [open | high | awaiting]";

    private readonly RiskRegister _register;
    private readonly RiskRepository _risks;
    private readonly AiSystemRepository _systems;
    private readonly RegisterQueries _queries;

    public RisksCommand(RiskRegister register, RiskRepository risks, AiSystemRepository systems, RegisterQueries queries)
    {
        _register = register;
        _risks = risks;
        _systems = systems;
        _queries = queries;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        if (!RiskArguments.TryList(context.Arguments, out var systemName, out var filter))
        {
            return BotReply.FromText($"Use: **{Usage}**, e.g. **risks high** or **risks system Credit Scorer awaiting**.");
        }

        StoredAiSystem? only = null;
        if (systemName is not null)
        {
            var found = await _queries.FindSystemAsync(caller.TenantId, systemName, cancellationToken);
            if (!found.TryGetValue(out only))
            {
                return BotReply.FromText(found.ErrorMessage);
            }
        }

        var systems = (await _systems.ListAsync(caller.TenantId, cancellationToken)).ToDictionary(s => s.System.Id, StringComparer.Ordinal);
        var all = await _risks.ListAsync(caller.TenantId, cancellationToken);
        var visible = all
            .Where(r => only is null || r.SystemId == only.System.Id)
            .Where(r => Permissions.Can(caller.Actor, DomainAction.ViewRisks, new ResourceContext(OwnerUserId: r.OwnerUserId, SystemOwnerUserId: r.SystemId is { } s && systems.TryGetValue(s, out var sys) ? sys.System.OwnerUserId : null)).IsAllowed)
            .Where(r => filter switch
            {
                RiskFilter.Open => r.Status != RiskStatus.Closed,
                RiskFilter.High => r.Status != RiskStatus.Closed && RiskCards.LevelOf(r) >= RiskLevel.High,
                RiskFilter.Awaiting => r.Status == RiskStatus.AwaitingApproval,
                _ => true,
            })
            .ToList();
        var proposals = filter is RiskFilter.None or RiskFilter.Open
            ? await _register.Service.OpenProposalsAsync(caller, systems, only?.System.Id, cancellationToken)
            : [];
        var partial = !Permissions.Can(caller.Actor, DomainAction.ViewRisks, ResourceContext.None).IsAllowed;
        var scope = string.Join(" · ", new[] { only?.System.Name, filter == RiskFilter.None ? null : filter.ToString().ToLowerInvariant() }.OfType<string>());
        if (visible.Count == 0 && proposals.Count == 0)
        {
            return BotReply.FromText(Empty(filter, only, partial, all.Count == 0));
        }

        var names = await _register.People.NamesAsync(caller.TenantId, visible.Select(r => r.OwnerUserId), cancellationToken);
        var rows = visible.Select(r => new RiskRow(r, r.SystemId is { } s && systems.TryGetValue(s, out var sys) ? sys.System.Name : r.SystemId, names(r.OwnerUserId))).ToList();
        var proposed = proposals.Select(p => new ProposalRow(p.Proposal.RowKey, p.System.System.Name, p.Proposal.Title, p.Proposal.Level)).ToList();
        var card = RiskCards.List(rows, proposed, scope, _register.Service.Clock, _register.Service.Zone, partial);
        return BotReply.FromCard(card, string.Create(CultureInfo.InvariantCulture, $"{rows.Count} risks"));
    }

    private static string Empty(RiskFilter filter, StoredAiSystem? system, bool partial, bool registerEmpty)
    {
        var where = system is null ? "" : $" for {system.System.Name}";
        if (registerEmpty)
        {
            return "The risk register is empty so far. Say **risk add** (or **risk add system ‹name›**) to record the first risk; **risk criteria** shows how risks are rated.";
        }

        var what = filter switch
        {
            RiskFilter.Open => "open risks",
            RiskFilter.High => "open risks at high or very high level",
            RiskFilter.Awaiting => "risks waiting for approval",
            _ => "risks",
        };
        return partial
            ? $"There are no {what}{where} that you own or that concern an AI system you own."
            : $"There are no {what}{where}. Say **risks** for the whole register.";
    }
}

/// <summary><c>risk R-12</c>: one risk in full, with its history from the ledger.</summary>
public sealed class RiskCommand : IChatCommand
{
    public const string Name = "risk";
    public const string Usage = "risk <id>";

    private readonly RiskRegister _register;

    public RiskCommand(RiskRegister register) => _register = register;

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Trim().Length == 0)
        {
            return BotReply.FromText("Which risk? Say **risk R-12** (ids are in **risks**), **risk add** to record one, or **risk criteria** for how risks are rated.");
        }

        var read = RiskId.Read(context.Arguments);
        if (!read.TryGetValue(out var id))
        {
            return BotReply.FromText(read.ErrorMessage);
        }

        var loaded = await _register.Service.LoadAsync(context.Caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return BotReply.FromText(RiskService.Unknown(id).Message);
        }

        if (RiskRegister.CanView(context.Caller, loaded).ToError() is { } refused)
        {
            return BotReply.FromText(refused.Message);
        }

        return BotReply.FromCard(await _register.DetailAsync(context.Caller, loaded, cancellationToken), $"{id}: {loaded.Risk.Title}");
    }
}

/// <summary>
/// <c>risk edit R-12</c> and the risk card's Edit (verb <see cref="RiskCards.EditVerb"/>): the form pre-filled with the
/// risk as it stands, for its owner, its system's owner or a compliance lead.
/// </summary>
public sealed class RiskEditCommand : IChatCommand, ICardActionHandler
{
    public const string Name = "risk edit";
    public const string Usage = "risk edit <id>";

    private readonly RiskRegister _register;

    public RiskEditCommand(RiskRegister register) => _register = register;

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var read = RiskId.Read(context.Arguments);
        if (!read.TryGetValue(out var id))
        {
            return BotReply.FromText(context.Arguments.Trim().Length == 0 ? $"Which risk? Use: **{Usage}**, e.g. **risk edit R-12**." : read.ErrorMessage);
        }

        var loaded = await _register.Service.LoadAsync(context.Caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return BotReply.FromText(RiskService.Unknown(id).Message);
        }

        if (RiskRegister.CanManage(context.Caller, loaded).ToError() is { } refused)
        {
            return BotReply.FromText(refused.Message);
        }

        if (loaded.Risk.Status == RiskStatus.Closed)
        {
            return BotReply.FromText($"{id} is closed, so nothing about it changes any more.");
        }

        return BotReply.FromCard(await EditFormAsync(_register, context.Caller, loaded, null, cancellationToken), $"Edit {id}");
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (id, revision) = RiskRegister.Pressed(context);
        if (id is not { } riskId)
        {
            return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** for the current register.");
        }

        var (loaded, answer) = await _register.PressedAsync(context, riskId, revision, cancellationToken);
        if (loaded is null)
        {
            return answer!;
        }

        if (RiskRegister.CanManage(context.Caller, loaded).ToError() is { } refused)
        {
            return CardActionOutcome.Refuse("Forbidden", refused.Message + " I changed nothing.");
        }

        return CardActionOutcome.Replace(await EditFormAsync(_register, context.Caller, loaded, null, cancellationToken));
    }

    /// <summary>The edit form of a loaded risk, pre-filled, for its current revision.</summary>
    internal static async Task<Teams.Cards.AdaptiveCard> EditFormAsync(RiskRegister register, Caller caller, LoadedRisk loaded, string? notice, CancellationToken cancellationToken, string? heading = null)
    {
        var (values, numbers) = await RiskForm.ValuesOfAsync(loaded.Risk, register.People, caller.TenantId, cancellationToken);
        return Form(register, loaded, DataOf(loaded, numbers), values, null, notice, heading);
    }

    internal static Teams.Cards.AdaptiveCard Form(RiskRegister register, LoadedRisk loaded, JsonObject data, FormData? values, IReadOnlyList<DomainError>? errors, string? notice, string? heading = null)
    {
        var risk = loaded.Risk;
        var intro = risk.Status == RiskStatus.Approved
            ? "This plan is approved: a change to its option, controls, actions or target residual risk sends it back for approval."
            : "Change what you need and save; the plan goes for approval from the risk card.";
        return RiskForm.Card(heading ?? $"Edit {risk.Id} · {CardText.Md(risk.Title)}", intro, register.Service.Criteria, isNew: false, RiskCards.SaveVerb, "Save", data, values, errors, notice);
    }

    /// <summary>The button data of the edit form: the risk, the revision it shows, and which action each row edits.</summary>
    internal static JsonObject DataOf(LoadedRisk loaded, JsonObject numbers)
    {
        var data = new JsonObject { ["riskId"] = loaded.Risk.Id.ToString(), ["revision"] = loaded.Stored.State.Revision };
        foreach (var (key, value) in numbers)
        {
            data[key] = value?.DeepClone();
        }

        return data;
    }
}

/// <summary>The edit form's Save (verb <see cref="RiskCards.SaveVerb"/>): ETag-guarded; a form older than the risk answers with the current card.</summary>
public sealed class RiskSaveAction : ICardActionHandler
{
    private readonly RiskRegister _register;
    private readonly RiskApprovals _approvals;

    public RiskSaveAction(RiskRegister register, RiskApprovals approvals)
    {
        _register = register;
        _approvals = approvals;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var (id, revision) = RiskRegister.Pressed(context);
        if (id is not { } riskId || revision is null)
        {
            return CardActionOutcome.Refuse("BadRequest", "This form is out of date or incomplete. Say **risk edit ‹id›** for a fresh one.");
        }

        var (loaded, answer) = await _register.PressedAsync(context, riskId, revision, cancellationToken);
        if (loaded is null)
        {
            return answer!;
        }

        var form = new FormData(context.Data);
        var numbers = new JsonObject();
        for (var i = 0; i < RiskForm.ActionSlots; i++)
        {
            if (form.Raw(RiskForm.ActionNumber(i)) is { } number)
            {
                numbers[RiskForm.ActionNumber(i)] = number;
            }
        }

        var data = RiskEditCommand.DataOf(loaded, numbers);
        var read = await RiskForm.ReadAsync(form, isNew: false, _register.Service.Criteria, _register.People, caller, context.Turn, cancellationToken);
        if (!read.TryGetValue(out var input))
        {
            return CardActionOutcome.Replace(RiskEditCommand.Form(_register, loaded, data, form, read.Errors, null));
        }

        var edited = await _register.Service.EditAsync(caller, riskId, revision.Value, input, context.Turn.Activity.Id, cancellationToken);
        if (!edited.TryGetValue(out var change))
        {
            return edited.Errors.Any(e => e.Code is "access.refused" or RiskService.ChangedCode)
                ? await _register.RefusalAsync(context, riskId, edited.Errors, cancellationToken)
                : CardActionOutcome.Replace(RiskEditCommand.Form(_register, loaded, data, form, edited.Errors, null));
        }

        var before = loaded.Risk;
        var after = change.Risk.Risk;
        var notice = change.AlreadyDone
            ? "Nothing changed."
            : before.Status == RiskStatus.Approved && after.Status == RiskStatus.AwaitingApproval
                ? $"Saved. The approved plan changed, so {riskId} goes back for approval."
                : $"Saved {riskId}.";
        if (!change.AlreadyDone && after.Status == RiskStatus.AwaitingApproval && after.PlanRevision != before.PlanRevision)
        {
            // A plan that waits (again) goes to its approvers as it is now; their older cards answer "the plan changed".
            notice += " " + (await _approvals.SendForApprovalAsync(caller.TenantId, change.Risk.System, after, cancellationToken)).Message;
        }

        return CardActionOutcome.Replace(await _register.CardAsync(caller, change.Risk, notice, cancellationToken));
    }
}

/// <summary>The risk card's "Submit for approval" (verb <see cref="RiskCards.SubmitVerb"/>).</summary>
public sealed class RiskSubmitAction : ICardActionHandler
{
    private readonly RiskRegister _register;
    private readonly RiskApprovals _approvals;

    public RiskSubmitAction(RiskRegister register, RiskApprovals approvals)
    {
        _register = register;
        _approvals = approvals;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (id, revision) = RiskRegister.Pressed(context);
        if (id is not { } riskId || revision is null)
        {
            return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** for the current register.");
        }

        var (loaded, answer) = await _register.PressedAsync(context, riskId, revision, cancellationToken);
        if (loaded is null)
        {
            return answer!;
        }

        var submitted = await _register.Service.SubmitAsync(context.Caller, riskId, context.Turn.Activity.Id, cancellationToken);
        if (!submitted.IsSuccess)
        {
            return await _register.RefusalAsync(context, riskId, submitted.Errors, cancellationToken);
        }

        var now = await _register.Service.LoadAsync(context.Caller.TenantId, riskId, cancellationToken) ?? loaded;
        var sent = await _approvals.SendForApprovalAsync(context.Caller.TenantId, now.System, now.Risk, cancellationToken);
        return CardActionOutcome.Replace(RiskCards.Submitted(await _register.ViewAsync(context.Caller, now, null, cancellationToken), sent.Message));
    }
}

/// <summary>The risk card's Close (verb <see cref="RiskCards.CloseVerb"/>), with the reason typed on the card.</summary>
public sealed class RiskCloseAction : ICardActionHandler
{
    private readonly RiskRegister _register;

    public RiskCloseAction(RiskRegister register) => _register = register;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (id, revision) = RiskRegister.Pressed(context);
        if (id is not { } riskId || revision is null)
        {
            return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** for the current register.");
        }

        var (loaded, answer) = await _register.PressedAsync(context, riskId, revision, cancellationToken);
        if (loaded is null)
        {
            return answer!;
        }

        var reason = new FormData(context.Data).Raw(RiskCards.CloseReasonInput);
        var closed = await _register.Service.CloseAsync(context.Caller, riskId, revision.Value, reason, context.Turn.Activity.Id, cancellationToken);
        if (!closed.TryGetValue(out var change))
        {
            return await _register.RefusalAsync(context, riskId, closed.Errors, cancellationToken);
        }

        return CardActionOutcome.Replace(await _register.CardAsync(context.Caller, change.Risk, $"Closed {riskId}.", cancellationToken));
    }
}

/// <summary>
/// "Complete this risk" on a proposal in <c>risks</c> (verb <see cref="RiskCards.AdoptVerb"/>): takes it up as a draft
/// risk (once, however often pressed) and answers with its form pre-filled from the impact assessment.
/// </summary>
public sealed class RiskAdoptAction : ICardActionHandler
{
    private readonly RiskRegister _register;

    public RiskAdoptAction(RiskRegister register) => _register = register;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = new FormData(context.Data).Text("proposal");
        if (key is null)
        {
            return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** for the current register.");
        }

        var adopted = await _register.Service.AdoptProposalAsync(context.Caller, key, context.Turn.Activity.Id, cancellationToken);
        if (!adopted.TryGetValue(out var change))
        {
            var error = adopted.Errors[0];
            return CardActionOutcome.Refuse(error.Code == "access.refused" ? "Forbidden" : "BadRequest", error.Message + " I changed nothing.");
        }

        var risk = change.Risk.Risk;
        var notice = change.AlreadyDone
            ? $"This proposal was already taken up as {risk.Id}; here it is to complete."
            : $"Taken up as {risk.Id}, rated from the impact assessment. Complete the plan and save; then submit it for approval from the risk card.";
        return CardActionOutcome.Replace(await RiskEditCommand.EditFormAsync(_register, context.Caller, change.Risk, notice, cancellationToken, $"Complete {risk.Id} · {CardText.Md(risk.Title)}"));
    }
}
