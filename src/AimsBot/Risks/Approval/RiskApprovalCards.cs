using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Risks;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Risks.Approval;

/// <summary>
/// The approval card of a risk's treatment plan, and the card its requester gets when it is decided. The approval
/// card is live: its <c>refresh</c> names the requester and the approvers, and Teams asks <see cref="RefreshVerb"/> for
/// each viewer's own view (buttons for someone who may decide, the status for the others, the decision once made). The
/// refresh sends the risk id only, so it always shows the risk as it is now; the buttons send the plan revision shown
/// too, so a press on a plan that changed since decides nothing.
/// </summary>
public static class RiskApprovalCards
{
    public const string RefreshVerb = "risk.approval.refresh";
    public const string ApproveVerb = "risk.approval.approve";
    public const string RejectVerb = "risk.approval.reject";
    public const string RequestChangesVerb = "risk.approval.changes";

    /// <summary>The reason input of the Reject form.</summary>
    public const string ReasonInput = "reason";

    /// <summary>The comment input of the Request changes form.</summary>
    public const string CommentInput = "comment";

    /// <summary>The card data's keys: the risk id and the plan revision the buttons decide on.</summary>
    public const string RiskKey = "risk";
    public const string PlanRevisionKey = "planRevision";

    /// <summary>What the card may take: Teams' ~28 KB, with room for the message around it (the outbox holds 30,000 characters).</summary>
    public const int MaxBytes = CardText.MaxCardBytes - 1_500;

    /// <summary>How much of the description and of each action's title is shown, longest first: the first that fits is used.</summary>
    private static readonly (int Description, int Action)[] Lengths = [(600, 200), (200, 80), (0, 40)];

    /// <summary>
    /// The card as <paramref name="viewer"/> sees it now: the decision buttons only for someone who may decide a plan
    /// that waits; a <paramref name="notice"/> on top (what just happened), and after a refused Reject or Request changes
    /// its problems with the text typed kept.
    /// </summary>
    public static AdaptiveCard Card(RiskApprovalView view, RiskApprovalViewer viewer, string? notice = null, IReadOnlyList<DomainError>? errors = null, string? typedReason = null, string? typedComment = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        AdaptiveCard? card = null;
        foreach (var (description, action) in Lengths)
        {
            card = Build(view, viewer, notice, errors, typedReason, typedComment, description, action);
            if (Size(card) <= MaxBytes)
            {
                return card;
            }
        }

        return card!;
    }

    /// <summary>The card's size as Teams counts it (UTF-8 bytes) or as the outbox stores it (JSON, non-ASCII escaped), whichever is larger.</summary>
    public static int Size(AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Math.Max(CardText.Bytes(card), card.ToJson().Length);
    }

    /// <summary>
    /// The requester's card once the plan is decided: approved (with how long the acceptance holds), rejected (with the
    /// reason) or changes requested (with the comment and an Edit button: <paramref name="edit"/>, the register's edit form).
    /// </summary>
    public static AdaptiveCard DecisionForRequester(RiskApprovalView view, ExecuteAction? edit)
    {
        ArgumentNullException.ThrowIfNull(view);
        var decision = view.LastDecision ?? throw new ArgumentException("The plan has no decision yet.", nameof(view));
        var (title, line) = decision.Kind switch
        {
            RiskDecisionKind.Approved => (
                "Risk treatment plan approved",
                $"{CardText.Md(view.LastDeciderName)} approved the plan on {Day(decision.DecidedAt)} and accepted the residual risk until {CardText.Date(view.AcceptanceValidUntil)}; the re-review is due then."),
            RiskDecisionKind.Rejected => (
                "Risk treatment plan rejected",
                $"{CardText.Md(view.LastDeciderName)} rejected the plan on {Day(decision.DecidedAt)}. Propose a different plan and submit it again: say **risk edit {view.Id}**."),
            _ => (
                "Changes requested to a risk treatment plan",
                $"{CardText.Md(view.LastDeciderName)} asked for changes on {Day(decision.DecidedAt)}. Change what the comment asks, then submit the plan again."),
        };
        var body = new List<CardElement>
        {
            CardText.Title(title),
            new TextBlock(CardText.Md(view.Heading)) { Weight = "Bolder", Spacing = "None" },
            new TextBlock(line),
            new FactSet { Facts = DecisionFacts(view) },
        };
        var actions = new List<CardAction>();
        if (decision.Kind != RiskDecisionKind.Approved && edit is not null)
        {
            actions.Add(edit);
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
            FallbackText = decision.Kind switch
            {
                RiskDecisionKind.Approved => $"The treatment plan for {view.Id} was approved; the acceptance holds until {CardText.Date(view.AcceptanceValidUntil)}.",
                RiskDecisionKind.Rejected => $"The treatment plan for {view.Id} was rejected: {decision.Comment}",
                _ => $"Changes were requested to the treatment plan for {view.Id}: {decision.Comment}",
            },
        };
    }

    /// <summary>The ids a button sends: the risk and the plan revision shown.</summary>
    public static JsonObject Ids(RiskApprovalView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new JsonObject
        {
            [RiskKey] = view.Id.ToString(),
            [PlanRevisionKey] = view.PlanRevision.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static AdaptiveCard Build(RiskApprovalView view, RiskApprovalViewer viewer, string? notice, IReadOnlyList<DomainError>? errors, string? typedReason, string? typedComment, int descriptionLength, int actionLength)
    {
        var waiting = view.Status == RiskStatus.AwaitingApproval;
        var title = view.Status switch
        {
            RiskStatus.AwaitingApproval when viewer == RiskApprovalViewer.Decider => "Risk treatment plan to approve",
            RiskStatus.AwaitingApproval => "Risk treatment plan waiting for approval",
            RiskStatus.Approved => "Risk treatment plan approved",
            RiskStatus.Rejected => "Risk treatment plan rejected",
            RiskStatus.ChangesRequested => "Changes requested to a risk treatment plan",
            RiskStatus.Closed => "Risk closed",
            _ => "Risk treatment plan being prepared",
        };
        var body = new List<CardElement>
        {
            CardText.Title(title),
            new TextBlock(CardText.Md(view.Heading)) { Weight = "Bolder", Spacing = "None" },
        };
        if (notice is { Length: > 0 })
        {
            body.Add(new TextBlock(CardText.Md(notice)) { Color = "Accent", Weight = "Bolder" });
        }

        body.Add(new TextBlock(Explanation(view, viewer)) { IsSubtle = true });
        if (waiting && view.ReapprovalReason is { Length: > 0 } reason)
        {
            body.Add(new TextBlock(CardText.Md(reason)) { Color = "Warning" });
        }

        if (descriptionLength > 0 && view.Description.Length > 0)
        {
            body.Add(new TextBlock(CardText.Md(CardText.Shorten(view.Description, descriptionLength))) { Spacing = "Small" });
        }

        var facts = new List<Fact>
        {
            new("AI system", CardText.Md(view.SystemName)),
            new("Risk owner", CardText.Md(view.OwnerName)),
            new("Proposed by", view.ProposerNames.Count == 0 ? CardText.None : CardText.Md(string.Join(", ", view.ProposerNames))),
            new("Submitted", view.SubmittedAt is { } at ? Day(at) : CardText.None),
            new("Before treatment", Rating(view.Inherent)),
            new("Treatment", view.Option is { } option ? option.Name() : CardText.None),
            new("Residual risk", Residual(view)),
            new(view.Status == RiskStatus.Approved ? "Accepted until" : "Acceptance valid until", view.Status == RiskStatus.Approved || waiting
                ? CardText.Date(view.AcceptanceValidUntil) + (view.Status == RiskStatus.Approved ? "" : " (if approved today)")
                : CardText.None),
        };
        if (view.LastDecision is not null)
        {
            facts.AddRange(DecisionFacts(view));
        }

        body.Add(new FactSet { Facts = facts });

        body.Add(new TextBlock("Controls") { Weight = "Bolder", Separator = true });
        body.Add(view.Controls.Count == 0
            ? CardText.Subtle("No Annex A control named.")
            : new TextBlock(string.Join("\n\n", view.Controls.Select(c => $"**{c.Id}** {CardText.Md(c.Title)}"))) { Spacing = "Small" });
        body.Add(new TextBlock("Treatment actions") { Weight = "Bolder" });
        body.Add(view.Actions.Count == 0
            ? CardText.Subtle("No treatment actions.")
            : new TextBlock(string.Join("\n\n", view.Actions.Select(a => Action(a, actionLength)))) { Spacing = "Small" });

        if (errors is { Count: > 0 })
        {
            body.Add(CardText.Errors(errors));
        }

        var ids = Ids(view);
        var actions = new List<CardAction>();
        if (viewer == RiskApprovalViewer.Decider && waiting)
        {
            actions.Add(new ExecuteAction { Title = "Approve", Verb = ApproveVerb, Style = "positive", AssociatedInputs = "none", Data = ids });
            actions.Add(new ShowCardAction { Title = "Reject", Card = Form(view, RejectVerb, ReasonInput, "Why is the plan rejected?", "Reject the plan", "Say why the plan is rejected", typedReason) });
            actions.Add(new ShowCardAction { Title = "Request changes", Card = Form(view, RequestChangesVerb, CommentInput, "What needs to change?", "Request changes", "Say what needs to change", typedComment) });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
            Refresh = new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = RefreshVerb, Data = new JsonObject { [RiskKey] = view.Id.ToString() } },
                UserIds = [.. view.RefreshUserIds.Take(60)],
            },
            FallbackText = $"{title}: {view.Heading}. Open this card in Teams.",
        };
    }

    private static string Explanation(RiskApprovalView view, RiskApprovalViewer viewer) => view.Status switch
    {
        RiskStatus.AwaitingApproval when viewer == RiskApprovalViewer.Decider =>
            "Read the plan, then approve it (accepting the residual risk), reject it with a reason, or ask for changes. Whoever decides first decides for everyone.",
        RiskStatus.AwaitingApproval when viewer == RiskApprovalViewer.Requester => view.Route == RiskApproverKind.TopManagement
            ? "Waiting for top management: the residual risk is above the acceptance threshold. You can't decide on a plan you proposed or changed."
            : "Waiting for the risk owner's manager or a risk approver. You can't decide on a plan you proposed or changed.",
        RiskStatus.AwaitingApproval => "Waiting for approval.",
        RiskStatus.Approved => $"Approved: the residual risk is accepted until {CardText.Date(view.AcceptanceValidUntil)}; a change to the plan sends it back for approval.",
        RiskStatus.Rejected => $"Rejected: a different plan is proposed and submitted again (**risk edit {view.Id}**).",
        RiskStatus.ChangesRequested => $"Changes were requested: the plan is edited and submitted again (**risk edit {view.Id}**).",
        RiskStatus.Closed => "The risk is closed; nothing is decided any more.",
        _ => "Not submitted for approval yet.",
    };

    private static string Rating(RiskRating? rating) => rating is { } r
        ? string.Create(CultureInfo.InvariantCulture, $"**{r.Level.Words()}** (likelihood {r.Likelihood} × consequence {r.Consequence})")
        : CardText.None;

    private static string Residual(RiskApprovalView view)
    {
        if (view.Residual is not { } residual)
        {
            return CardText.None;
        }

        var against = residual.Level > view.Threshold
            ? $"above the acceptance threshold ({view.Threshold.Words()}): top management decides"
            : $"within the acceptance threshold ({view.Threshold.Words()})";
        return $"{Rating(residual)}, {against}";
    }

    private static string Action(ActionBrief action, int titleLength) => string.Create(
        CultureInfo.InvariantCulture,
        $"{action.Number}. {CardText.Md(CardText.Shorten(action.Title, titleLength))} — {CardText.Md(action.OwnerName)}, due {CardText.Date(action.Due)}{(action.Done ? " (done)" : "")}");

    private static List<Fact> DecisionFacts(RiskApprovalView view)
    {
        var decision = view.LastDecision!;
        var facts = new List<Fact>
        {
            new(decision.Kind switch
            {
                RiskDecisionKind.Approved => "Approved by",
                RiskDecisionKind.Rejected => "Rejected by",
                _ => "Changes requested by",
            }, $"{CardText.Md(view.LastDeciderName)}, {Day(decision.DecidedAt)}"),
        };
        if (decision.Comment is { Length: > 0 } comment)
        {
            facts.Add(new Fact(decision.Kind == RiskDecisionKind.Rejected ? "Reason" : "Comment", CardText.Md(comment)));
        }

        return facts;
    }

    private static AdaptiveCard Form(RiskApprovalView view, string verb, string input, string question, string button, string required, string? typed) => new()
    {
        Body =
        [
            new TextInput
            {
                Id = input,
                Label = string.Create(CultureInfo.InvariantCulture, $"{question} ({Risk.CommentMin}–{Risk.CommentMax} characters)"),
                IsRequired = true,
                IsMultiline = true,
                MaxLength = Risk.CommentMax,
                ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"{required}, in at least {Risk.CommentMin} characters."),
                Value = typed,
            },
        ],
        Actions = [new ExecuteAction { Title = button, Verb = verb, AssociatedInputs = "auto", Data = Ids(view) }],
        Msteams = null,
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
