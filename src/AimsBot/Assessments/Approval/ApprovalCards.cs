using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Assessments;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Assessments.Approval;

/// <summary>
/// The approval card of a submitted impact assessment, and the card its assessor gets when it is decided. The
/// approval card is live: its <c>refresh</c> names the assessor and the approvers, and Teams asks
/// <see cref="RefreshVerb"/> for each viewer's own view (buttons for someone who may decide, the status for the
/// others, the decision once made). Every button sends ids only (system, version, the revision shown); handlers read
/// the rest again.
/// </summary>
public static class ApprovalCards
{
    public const string RefreshVerb = "assessment.approval.refresh";
    public const string ApproveVerb = "assessment.approval.approve";
    public const string ReturnVerb = "assessment.approval.return";

    /// <summary>The comment input of the Return form (and the optional one of Approve).</summary>
    public const string CommentInput = "comment";

    /// <summary>Impacts listed one by one; the rest are counted.</summary>
    public const int MaxImpactsShown = 20;

    /// <summary>What the card may take: Teams' ~28 KB, with room for the message around it (the outbox holds 30,000 characters).</summary>
    public const int MaxBytes = CardText.MaxCardBytes - 1_500;

    /// <summary>How long each answer may be in the answers in brief, longest first: the first that fits is used.</summary>
    /// <remarks>0: the answers are left off with a pointer to <c>assessment</c> (text in scripts JSON escapes can need it).</remarks>
    private static readonly int[] AnswerLengths = [400, 200, 100, 50, 20, 0];

    /// <summary>
    /// The card as <paramref name="viewer"/> sees it now: the decision buttons only for someone who may decide a
    /// submitted assessment; a <paramref name="notice"/> on top (what just happened), and after a refused Return its
    /// problems with the comment typed kept.
    /// </summary>
    public static AdaptiveCard Card(ApprovalView view, ApprovalViewer viewer, string? notice = null, IReadOnlyList<DomainError>? errors = null, string? typedComment = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        AdaptiveCard? card = null;
        foreach (var length in AnswerLengths)
        {
            card = Build(view, viewer, notice, errors, typedComment, length);
            if (Size(card) <= MaxBytes)
            {
                return card;
            }
        }

        return card!;
    }

    /// <summary>
    /// The card's size as Teams counts it (UTF-8 bytes) or as the outbox stores it (JSON with non-ASCII escaped, six
    /// characters each), whichever is larger: text in other scripts grows more in the one than in the other.
    /// </summary>
    public static int Size(AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Math.Max(CardText.Bytes(card), card.ToJson().Length);
    }

    /// <summary>The assessor's card once the assessment is decided: returned (with the comment and how to resume) or approved.</summary>
    public static AdaptiveCard DecisionForAssessor(ApprovalView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var decision = view.LastDecision ?? throw new ArgumentException("The assessment has no decision yet.", nameof(view));
        var returned = decision.Kind == AssessmentDecisionKind.Returned;
        var body = new List<CardElement>
        {
            CardText.Title(returned ? "Impact assessment returned for changes" : "Impact assessment approved"),
            new TextBlock(CardText.Md(view.Title)) { Weight = "Bolder", Spacing = "None" },
            new TextBlock(returned
                ? $"{CardText.Md(view.LastDeciderName)} returned it on {Day(decision.DecidedAt)}. Change what the comment asks, then submit it again: say **assess {CardText.Md(view.SystemName)}** to resume where you left off."
                : $"{CardText.Md(view.LastDeciderName)} approved it on {Day(decision.DecidedAt)}. It can't change now; a change starts a new version.")
            {
                IsSubtle = !returned,
            },
            new FactSet { Facts = DecisionFacts(view) },
        };
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = returned
                ? $"Your impact assessment of {view.SystemName} was returned for changes: {decision.Comment}"
                : $"Your impact assessment of {view.SystemName} was approved.",
        };
    }

    private static AdaptiveCard Build(ApprovalView view, ApprovalViewer viewer, string? notice, IReadOnlyList<DomainError>? errors, string? typedComment, int answerLength)
    {
        var decided = view.Status == AssessmentStatus.Approved;
        var returned = view.Status != AssessmentStatus.Submitted && !decided && view.LastDecision is { Kind: AssessmentDecisionKind.Returned };
        var title = view.Status switch
        {
            AssessmentStatus.Approved => "Impact assessment approved",
            AssessmentStatus.Submitted when viewer == ApprovalViewer.Decider => "Impact assessment to approve",
            AssessmentStatus.Submitted => "Impact assessment waiting for approval",
            _ when returned => "Impact assessment returned for changes",
            _ => "Impact assessment being answered",
        };
        var body = new List<CardElement>
        {
            CardText.Title(title),
            new TextBlock(CardText.Md(view.Title)) { Weight = "Bolder", Spacing = "None" },
        };
        if (notice is { Length: > 0 })
        {
            body.Add(new TextBlock(CardText.Md(notice)) { Color = "Accent", Weight = "Bolder" });
        }

        body.Add(new TextBlock(Explanation(view, viewer, returned)) { IsSubtle = true });
        var facts = new List<Fact>
        {
            new("Assessor", CardText.Md(view.AssessorName)),
            new("Contributors", view.ContributorNames.Count == 0 ? "none" : CardText.Md(string.Join(", ", view.ContributorNames))),
            new("Submitted", view.SubmittedAt is { } at ? Day(at) : CardText.None),
            new("Overall level", view.Overall is { } level ? $"**{level.Words()}**" : CardText.None),
            new("Sensitive uses", view.SensitiveUses.Count == 0 ? "none" : CardText.Md(string.Join(", ", view.SensitiveUses))),
        };
        if (view.LastDecision is not null)
        {
            facts.AddRange(DecisionFacts(view));
        }

        body.Add(new FactSet { Facts = facts });
        if (view.ScoringProblem is { } problem)
        {
            body.Add(new TextBlock(CardText.Md(problem)) { Color = "Attention" });
        }

        body.Add(new TextBlock("Impacts") { Weight = "Bolder", Separator = true });
        body.AddRange(view.Impacts.Take(MaxImpactsShown).Select(i => Impact(i, answerLength == 0 ? 30 : Math.Min(120, answerLength))));
        if (view.Impacts.Count == 0)
        {
            body.Add(CardText.Subtle("No impacts recorded."));
        }
        else if (view.Impacts.Count > MaxImpactsShown)
        {
            body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"{view.Impacts.Count - MaxImpactsShown} more impacts are in the answers.")));
        }

        if (errors is { Count: > 0 })
        {
            body.Add(CardText.Errors(errors));
        }

        var ids = Ids(view);
        var actions = new List<CardAction> { new ShowCardAction { Title = "Answers", Card = AnswersCard(view, answerLength) } };
        if (viewer == ApprovalViewer.Decider && view.Status == AssessmentStatus.Submitted)
        {
            actions.Add(new ExecuteAction { Title = "Approve", Verb = ApproveVerb, Style = "positive", AssociatedInputs = "none", Data = ids });
            actions.Add(new ShowCardAction { Title = "Return for changes", Card = ReturnForm(view, typedComment) });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            Refresh = new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = RefreshVerb, Data = (JsonObject)ids.DeepClone() },
                UserIds = [.. view.RefreshUserIds.Take(60)],
            },
            FallbackText = $"{title}: {view.Title}. Open this card in Teams.",
        };
    }

    private static string Explanation(ApprovalView view, ApprovalViewer viewer, bool returned) => view.Status switch
    {
        AssessmentStatus.Approved => string.Create(CultureInfo.InvariantCulture, $"Approved and final: the next assessment is due by {CardText.Date(view.NextReassessmentDue)}."),
        AssessmentStatus.Submitted when viewer == ApprovalViewer.Decider =>
            "Read the answers, then approve it or return it with a comment saying what to change. Whoever decides first decides for everyone.",
        AssessmentStatus.Submitted when viewer == ApprovalViewer.Assessor =>
            "Submitted and waiting for a risk approver (or the system owner's manager) to approve or return it. You can't decide on an assessment you took part in.",
        AssessmentStatus.Submitted => "Submitted and waiting for approval.",
        _ when returned => $"Returned to the assessor for changes; say **assess {CardText.Md(view.SystemName)}** to resume it.",
        _ => "Being answered; it comes back here when it is submitted again.",
    };

    private static List<Fact> DecisionFacts(ApprovalView view)
    {
        var decision = view.LastDecision!;
        var facts = new List<Fact>
        {
            new(decision.Kind == AssessmentDecisionKind.Approved ? "Approved by" : "Returned by", $"{CardText.Md(view.LastDeciderName)}, {Day(decision.DecidedAt)}"),
        };
        if (decision.Comment is { Length: > 0 } comment)
        {
            facts.Add(new Fact("Comment", CardText.Md(comment)));
        }

        if (decision.Kind == AssessmentDecisionKind.Approved)
        {
            facts.Add(new Fact("Next reassessment due", CardText.Date(view.NextReassessmentDue)));
        }

        return facts;
    }

    private static TextBlock Impact(ImpactBrief impact, int descriptionLength)
    {
        var what = CardText.Md(CardText.Shorten(impact.Description ?? "", descriptionLength));
        var area = impact.Area.Length == 0 ? "" : $" · {CardText.Md(impact.Area)}";
        var line = impact switch
        {
            { IsHarm: false } => $"{impact.Item}. Benefit{area}: {what}",
            { Score: { } s } => string.Create(CultureInfo.InvariantCulture,
                $"{impact.Item}. Harm{area}: {what} — severity {s.Severity} × likelihood {s.Likelihood}: **{s.Level.Words()}**{(s.RaisedForSensitiveUse ? $" (raised from {s.MatrixLevel.Words()} for a sensitive use)" : "")}"),
            _ => $"{impact.Item}. Harm{area}: {what} — not scored yet",
        };
        return new TextBlock(line) { Spacing = "Small" };
    }

    private static AdaptiveCard AnswersCard(ApprovalView view, int answerLength)
    {
        var body = new List<CardElement>();
        if (answerLength == 0)
        {
            body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"The answers are too long to show on this card: say **assessment {CardText.Md(view.SystemName)} {view.Version}** to read them.")));
            return new AdaptiveCard { Body = body, Msteams = null };
        }

        foreach (var section in view.Answers)
        {
            body.Add(new TextBlock(CardText.Md(section.Title)) { Weight = "Bolder", Separator = true });
            foreach (var (heading, answers) in section.Items)
            {
                if (heading is not null)
                {
                    body.Add(new TextBlock(CardText.Md(heading)) { Weight = "Bolder", Size = "Small" });
                }

                body.Add(new FactSet { Facts = answers.Select(a => new Fact(CardText.Md(CardText.Shorten(a.Question, 80)), CardText.Md(CardText.Shorten(a.Answer, answerLength)))).ToList() });
            }
        }

        if (body.Count == 0)
        {
            body.Add(CardText.Subtle("No answers yet."));
        }

        return new AdaptiveCard { Body = body, Msteams = null };
    }

    private static AdaptiveCard ReturnForm(ApprovalView view, string? typedComment) => new()
    {
        Body =
        [
            new TextInput
            {
                Id = CommentInput,
                Label = string.Create(CultureInfo.InvariantCulture, $"What needs to change? ({ImpactAssessment.CommentMin}–{ImpactAssessment.CommentMax} characters)"),
                IsRequired = true,
                IsMultiline = true,
                MaxLength = ImpactAssessment.CommentMax,
                ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"Say what to change, in at least {ImpactAssessment.CommentMin} characters."),
                Value = typedComment,
            },
        ],
        Actions = [new ExecuteAction { Title = "Return to the assessor", Verb = ReturnVerb, AssociatedInputs = "auto", Data = Ids(view) }],
        Msteams = null,
    };

    private static JsonObject Ids(ApprovalView view) => new()
    {
        ["system"] = view.SystemId,
        ["version"] = view.Version.ToString(CultureInfo.InvariantCulture),
        ["revision"] = view.Revision.ToString(CultureInfo.InvariantCulture),
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
