using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Risks;
using AimsBot.Teams.Cards;

namespace AimsBot.Risks.Register;

/// <summary>A risk as a card shows it: the aggregate, its system's name, people by name, and whether the viewer may change it.</summary>
public sealed record RiskView(
    Risk Risk,
    string? SystemName,
    Func<string?, string> NameOf,
    RiskCriteriaOptions Criteria,
    TimeProvider Clock,
    TimeZoneInfo Zone,
    bool CanManage)
{
    public int Revision => Risk.Revision;
}

/// <summary>One row of <c>risks</c>.</summary>
public sealed record RiskRow(RiskSummary Summary, string? SystemName, string OwnerName);

/// <summary>A proposed risk waiting to be taken up, as <c>risks</c> lists it.</summary>
public sealed record ProposalRow(string Key, string SystemName, string Title, string Level);

/// <summary>Cards of the risk register: the criteria, the risk card, its detail and history, the list, the submitted notice.</summary>
public static class RiskCards
{
    public const string AddVerb = "risks.register.add";
    public const string EditVerb = "risks.register.edit";
    public const string SaveVerb = "risks.register.save";
    public const string SubmitVerb = "risks.register.submit";
    public const string CloseVerb = "risks.register.close";
    public const string AdoptVerb = "risks.register.adopt";

    public const string CloseReasonInput = "closeReason";

    /// <summary>More rows than this are counted, not listed (the card must stay small).</summary>
    public const int MaxListed = 50;

    /// <summary>History lines shown inline on <c>risk R-12</c> (the newest; <c>ledger R-12</c> has them all).</summary>
    public const int MaxHistory = 12;

    public static AdaptiveCard Criteria(RiskCriteriaOptions criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var likelihood = criteria.LikelihoodScale;
        var consequence = criteria.ConsequenceScale;
        var body = new List<CardElement>
        {
            CardText.Title("Risk criteria"),
            CardText.Subtle($"Version {CardText.Md(criteria.Version.Trim())}: every rating records the version it was made under (ISO/IEC 42001 6.1.2)."),
            new TextBlock("Likelihood") { Weight = "Bolder", Spacing = "Medium" },
            new FactSet { Facts = likelihood.Select((p, i) => new Fact(RiskForm.PointWords(likelihood, i + 1), CardText.Md(p.Description))).ToList() },
            new TextBlock("Consequence") { Weight = "Bolder", Spacing = "Medium" },
            new FactSet { Facts = consequence.Select((p, i) => new Fact(RiskForm.PointWords(consequence, i + 1), CardText.Md(p.Description))).ToList() },
            new TextBlock("Level by consequence (rows) and likelihood (columns)") { Weight = "Bolder", Spacing = "Medium" },
        };

        var rows = new List<TableRow> { Header(["", .. likelihood.Select((_, i) => Number(i + 1))]) };
        for (var c = consequence.Count; c >= 1; c--)
        {
            var cells = new List<string> { RiskForm.PointWords(consequence, c) };
            for (var l = 1; l <= likelihood.Count; l++)
            {
                cells.Add(Abbreviation(criteria.LevelOf(l, c)!.Value));
            }

            rows.Add(Row([.. cells]));
        }

        body.Add(new CardTable { Columns = TableLayout.FitColumns(rows), FirstRowAsHeader = true, ShowGridLines = true, Rows = rows });
        // Six columns of level names do not fit a chat card's width: the cells use the usual letters, spelled out here.
        body.Add(CardText.Subtle(string.Join(" · ", Enum.GetValues<RiskLevel>().Select(l => $"{Abbreviation(l)} {l.Words()}"))));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Acceptance threshold", $"{criteria.Threshold.Words()}: a residual risk up to this level is accepted by the risk owner's manager or a risk approver; above it, by top management."),
                new Fact("Acceptance holds", string.Create(CultureInfo.InvariantCulture, $"{criteria.AcceptanceValidMonths} months from approval; then the plan is reviewed again.")),
            ],
        });
        return new AdaptiveCard { Body = body, FallbackText = $"Risk criteria, version {criteria.Version.Trim()}." };
    }

    /// <summary>The risk card: what it is, its rating and plan in brief, and its buttons (edit, submit, close) for whoever may change it.</summary>
    public static AdaptiveCard Card(RiskView view, string? heading = null, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var risk = view.Risk;
        var body = new List<CardElement> { CardText.Title(heading ?? $"{risk.Id} · {CardText.Md(risk.Title)}") };
        if (notice is not null)
        {
            body.Add(new TextBlock(notice) { Color = "Good" });
        }

        if (risk.ReapprovalReason is { } reason && risk.Status == RiskStatus.AwaitingApproval)
        {
            body.Add(new TextBlock(CardText.Md(reason)) { Color = "Warning" });
        }

        body.Add(Summary(view));
        var missing = risk.Status is RiskStatus.Draft or RiskStatus.ChangesRequested or RiskStatus.Rejected ? risk.Missing() : [];
        if (missing.Count > 0)
        {
            body.Add(CardText.Subtle("Before it can go for approval: " + string.Join(" ", missing.Select(m => CardText.Md(m.Message)))));
        }

        body.Add(CardText.Subtle($"Say **risk {risk.Id}** for every detail and its history."));
        return new AdaptiveCard { Body = body, Actions = Buttons(view), FallbackText = $"{risk.Id}: {risk.Title} ({risk.Status.Words()})." };
    }

    /// <summary><c>risk R-12</c>: every field in words, the plan, its actions with where each stands, the decisions and the history.</summary>
    public static AdaptiveCard Detail(RiskView view, IReadOnlyList<LedgerEvent> history, int totalEvents)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(history);
        var risk = view.Risk;
        var body = new List<CardElement> { CardText.Title($"{risk.Id} · {CardText.Md(risk.Title)}") };
        if (risk.ReapprovalReason is { } reason && risk.Status == RiskStatus.AwaitingApproval)
        {
            body.Add(new TextBlock(CardText.Md(reason)) { Color = "Warning" });
        }

        if (risk.Description.Length > 0)
        {
            body.Add(new TextBlock(CardText.Md(CardText.Shorten(risk.Description, 1500))));
        }

        body.Add(Summary(view));

        body.Add(new TextBlock("Treatment actions") { Weight = "Bolder", Spacing = "Medium" });
        if (risk.Plan.Actions.Count == 0)
        {
            body.Add(CardText.Subtle("None yet."));
        }

        foreach (var action in risk.Plan.Actions)
        {
            var standing = action.DoneAt is { } done
                ? $"done {CardText.Date(done, view.Zone)} by {CardText.Md(view.NameOf(action.DoneBy))}"
                : "due " + CardText.Due(action.Due, view.Clock, view.Zone);
            body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"{action.Number}. {CardText.Md(action.Title)} — {CardText.Md(view.NameOf(action.OwnerUserId))}, {standing}")) { Spacing = "Small" });
        }

        if (risk.Decisions.Count > 0)
        {
            body.Add(new TextBlock("Decisions") { Weight = "Bolder", Spacing = "Medium" });
            foreach (var d in risk.Decisions)
            {
                var comment = d.Comment is { Length: > 0 } c ? $": “{CardText.Md(CardText.Shorten(c, 300))}”" : "";
                body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"{CardText.Date(d.DecidedAt, view.Zone)} · {DecisionWords(d.Kind)} by {CardText.Md(view.NameOf(d.DecidedBy))} (plan revision {d.PlanRevision}, residual {d.ResidualLevel.Words()}){comment}")) { Spacing = "Small" });
            }
        }

        if (risk.Status == RiskStatus.Closed)
        {
            body.Add(new TextBlock($"Closed {CardText.Date(risk.ClosedAt, view.Zone)}: {CardText.Md(risk.ClosedReason)}") { Spacing = "Medium" });
        }

        body.Add(new TextBlock("History") { Weight = "Bolder", Spacing = "Medium" });
        if (totalEvents > history.Count)
        {
            body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"The last {history.Count} of {totalEvents} events; **ledger {risk.Id}** has them all.")));
        }

        foreach (var e in history)
        {
            body.Add(new TextBlock($"{LedgerCards.Local(e.OccurredAt, view.Zone)} · {LedgerCards.ActionInWords(e.Action)} by {CardText.Md(view.NameOf(e.ActorId))}") { Size = "Small", Spacing = "None" });
        }

        if (history.Count == 0)
        {
            body.Add(CardText.Subtle("Nothing recorded yet."));
        }

        return new AdaptiveCard { Body = body, Actions = Buttons(view), FallbackText = $"{risk.Id}: {risk.Title} ({risk.Status.Words()})." };
    }

    /// <summary>What the risk card becomes once its plan is submitted; <paramref name="routing"/>: where it went (the approval workflow's sentence).</summary>
    public static AdaptiveCard Submitted(RiskView view, string? routing = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var risk = view.Risk;
        var text = $"The treatment plan of {risk.Id} is submitted for approval." + (routing is null ? "" : " " + routing);
        return Card(view with { CanManage = false }, $"{risk.Id} submitted for approval", text);
    }

    /// <summary><c>risks</c>: the register as a table, then the proposals waiting to be taken up.</summary>
    public static AdaptiveCard List(IReadOnlyList<RiskRow> rows, IReadOnlyList<ProposalRow> proposals, string scope, TimeProvider clock, TimeZoneInfo zone, bool partial)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(proposals);
        var body = new List<CardElement>
        {
            CardText.Title("Risks" + (scope.Length > 0 ? " · " + scope : "")),
            CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} risk{(rows.Count == 1 ? "" : "s")}. Say **risk ‹id›** for one, **risk add** to record one.")),
        };
        if (rows.Count > 0)
        {
            // Four columns, as a chat card's width allows: the risk (id, title, where), where it stands (status, level), who, when.
            var table = new List<TableRow> { Header(["Risk", "Status", "Owner", "Next due"]) };
            foreach (var r in rows.Take(MaxListed))
            {
                var s = r.Summary;
                table.Add(Row([
                    $"**{s.Id}** {CardText.Md(CardText.Shorten(s.Title, 60))} · {CardText.Md(r.SystemName ?? "organisation")}",
                    s.Status.Words() + (LevelOf(s) is { } level ? ", " + level.Words() : ""),
                    CardText.Md(r.OwnerName),
                    NextDue(s, clock, zone),
                ]));
            }

            body.Add(new CardTable { Columns = TableLayout.FitColumns(table), FirstRowAsHeader = true, ShowGridLines = true, Rows = table });
            if (rows.Count > MaxListed)
            {
                body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"…and {rows.Count - MaxListed} more. Narrow it: **risks system ‹name›**, **risks high**, **risks awaiting**.")));
            }
        }

        if (proposals.Count > 0)
        {
            body.Add(new TextBlock("Proposed by impact assessments, to complete") { Weight = "Bolder", Spacing = "Medium" });
            foreach (var p in proposals.Take(10))
            {
                body.Add(new ColumnSet
                {
                    Columns =
                    [
                        new Column { Width = "stretch", VerticalContentAlignment = "Center", Items = [new TextBlock($"**{CardText.Md(p.Title)}** · {CardText.Md(p.SystemName)} · {CardText.Md(p.Level.Replace('-', ' '))}") { Size = "Small" }] },
                        new Column
                        {
                            Width = "auto",
                            Items = [new ActionSet { Actions = [new ExecuteAction { Title = "Complete this risk", Verb = AdoptVerb, Data = new JsonObject { ["proposal"] = p.Key } }] }],
                        },
                    ],
                });
            }

            if (proposals.Count > 10)
            {
                body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"…and {proposals.Count - 10} more: **risks system ‹name›** lists one system's.")));
            }
        }

        if (partial)
        {
            body.Add(CardText.Subtle("Only the risks you own, or of AI systems you own, are listed: the whole register is for compliance leads, auditors, risk approvers and top management."));
        }

        body.Add(CardText.Subtle("Level: the residual level once the plan is approved, else the level before treatment. Next due: the earliest open action, else the acceptance's re-review."));
        return new AdaptiveCard { Body = body, FallbackText = string.Create(CultureInfo.InvariantCulture, $"{rows.Count} risks.") };
    }

    /// <summary>The level in force: the residual one once approved, else the rating before treatment.</summary>
    public static RiskLevel? LevelOf(RiskSummary s) => s.Status == RiskStatus.Approved && s.ResidualLevel is { } residual ? residual : s.InherentLevel;

    private static string NextDue(RiskSummary s, TimeProvider clock, TimeZoneInfo zone)
    {
        if (s.Status == RiskStatus.Closed)
        {
            return CardText.None;
        }

        DateOnly? next = s.NextActionDue;
        if (s.Status == RiskStatus.Approved && s.AcceptedUntil is { } until && (next is null || until < next))
        {
            next = until;
        }

        return CardText.Due(next, clock, zone);
    }

    private static FactSet Summary(RiskView view)
    {
        var risk = view.Risk;
        var facts = new List<Fact>
        {
            new("AI system", CardText.Md(view.SystemName ?? "the organisation (organisation-wide)")),
            new("Status", risk.Status.Words()),
            new("Risk owner", CardText.Md(view.NameOf(risk.OwnerUserId))),
            new("Source", RiskForm.SourceWords(risk.Source.Kind) + (risk.Source.Reference is { } reference ? $" ({CardText.Md(reference)})" : "")),
            new("Before treatment", Rating(risk.Inherent, view.Criteria)),
            new("Treatment", risk.Plan.Option is { } option ? RiskForm.OptionWords(option) : "not chosen yet"),
            new("Controls", risk.Plan.Controls.Count == 0 ? CardText.None : string.Join(", ", risk.Plan.Controls.Select(c => c.Value))),
            new("Actions", ActionsInBrief(view)),
            new("Target residual", Rating(risk.Plan.Residual, view.Criteria)),
        };
        if (risk.AcceptedUntil is { } until)
        {
            facts.Add(new Fact("Acceptance valid until", risk.Status == RiskStatus.Approved ? CardText.Due(until, view.Clock, view.Zone) : CardText.Date(until) + " (the plan waits for approval again)"));
        }

        if (risk.LastDecision is { } last && risk.Status is RiskStatus.ChangesRequested or RiskStatus.Rejected)
        {
            facts.Add(new Fact(last.Kind == RiskDecisionKind.Rejected ? "Rejected because" : "Changes asked", $"{CardText.Md(last.Comment)} ({CardText.Md(view.NameOf(last.DecidedBy))})"));
        }

        return new FactSet { Facts = facts };
    }

    private static string ActionsInBrief(RiskView view)
    {
        var actions = view.Risk.Plan.Actions;
        if (actions.Count == 0)
        {
            return CardText.None;
        }

        var open = actions.Where(a => !a.IsDone).ToList();
        var next = view.Risk.Status == RiskStatus.Closed ? null : open.OrderBy(a => a.Due).FirstOrDefault();
        return string.Create(CultureInfo.InvariantCulture, $"{actions.Count} ({actions.Count - open.Count} done)")
            + (next is null ? "" : $"; next: {CardText.Md(CardText.Shorten(next.Title, 60))}, {CardText.Md(view.NameOf(next.OwnerUserId))}, due {CardText.Due(next.Due, view.Clock, view.Zone)}");
    }

    private static string Rating(RiskRating? rating, RiskCriteriaOptions criteria) => rating is null
        ? "not rated yet"
        : $"{rating.Level.Words()} (likelihood {RiskForm.PointWords(criteria.LikelihoodScale, rating.Likelihood)}, consequence {RiskForm.PointWords(criteria.ConsequenceScale, rating.Consequence)}; criteria {CardText.Md(rating.CriteriaVersion)})";

    private static List<CardAction>? Buttons(RiskView view)
    {
        var risk = view.Risk;
        if (!view.CanManage || risk.Status == RiskStatus.Closed)
        {
            return null;
        }

        var data = new JsonObject { ["riskId"] = risk.Id.ToString(), ["revision"] = view.Revision };
        var actions = new List<CardAction> { new ExecuteAction { Title = "Edit", Verb = EditVerb, Data = (JsonObject)data.DeepClone() } };
        if (risk.Status != RiskStatus.AwaitingApproval)
        {
            actions.Add(new ExecuteAction { Title = "Submit for approval", Verb = SubmitVerb, Style = "positive", Data = (JsonObject)data.DeepClone() });
        }

        actions.Add(new ShowCardAction
        {
            Title = "Close",
            Card = new AdaptiveCard
            {
                Msteams = null,
                Body = [new TextInput { Id = CloseReasonInput, Label = "Why is it no longer a risk?", IsMultiline = true, IsRequired = true, MaxLength = Risk.CommentMax, ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"Say why, in {Risk.CommentMin}–{Risk.CommentMax} characters.") }],
                Actions = [new ExecuteAction { Title = "Close the risk", Verb = CloseVerb, Style = "destructive", AssociatedInputs = "Auto", Data = (JsonObject)data.DeepClone() }],
            },
        });
        return actions;
    }

    private static string DecisionWords(RiskDecisionKind kind) => kind switch
    {
        RiskDecisionKind.Approved => "Approved",
        RiskDecisionKind.Rejected => "Rejected",
        _ => "Changes asked for",
    };

    /// <summary>The matrix's cell for a level: L, M, H, VH.</summary>
    private static string Abbreviation(RiskLevel level) => string.Concat(level.Words().Split(' ', '-').Select(w => char.ToUpperInvariant(w[0])));

    private static TableRow Header(string[] cells) => new()
    {
        Cells = cells.Select(c => new TableCell { Items = [new TextBlock(c) { Weight = "Bolder", Size = "Small" }] }).ToList(),
    };

    private static TableRow Row(string[] cells) => new()
    {
        Cells = cells.Select(c => new TableCell { Items = [new TextBlock(c) { Size = "Small" }] }).ToList(),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
