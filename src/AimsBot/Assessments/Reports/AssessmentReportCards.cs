using System.Globalization;
using AimsBot.Domain.Assessments;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Assessments.Reports;

/// <summary>One AI system's line in <c>assessments</c>: its latest assessment's standing, level, next due date and assessor.</summary>
/// <param name="Version">The latest version; null when none was started.</param>
/// <param name="Level">The approved level, else null.</param>
/// <param name="Assessor">The assessor's name (or id when unknown); null when none was started.</param>
public sealed record AssessmentListRow(string SystemName, string SystemId, AssessmentStanding Standing, int? Version, ImpactLevel? Level, DateOnly? NextDue, string? Assessor);

/// <summary>The cards of <c>assessment &lt;system&gt; [version]</c> and <c>assessments</c>.</summary>
public static class AssessmentReportCards
{
    /// <summary>More than this many systems are counted, not listed (the card must stay small).</summary>
    public const int MaxListed = 60;

    /// <summary>
    /// Characters of each answer shown, and whether each impact is one line instead of its answers: tried in order until
    /// the card fits (the export has every word). Twenty impacts answered in full do not fit a Teams message.
    /// </summary>
    private static readonly (int AnswerBudget, bool ImpactLines)[] Layouts = [(400, false), (200, false), (100, false), (50, false), (150, true), (60, true), (25, true)];

    /// <summary>
    /// <c>assessment &lt;system&gt; [version]</c>: the answers in brief step by step (choices by label, each impact in its
    /// own block with its level), the overall level and sensitive uses, status, people, decisions and the next
    /// reassessment. Long answers are shortened until the card fits a Teams message.
    /// </summary>
    public static AdaptiveCard Detail(AssessmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        AdaptiveCard? card = null;
        foreach (var (budget, impactLines) in Layouts)
        {
            card = BuildDetail(report, budget, impactLines);
            if (CardText.Bytes(card) <= CardText.MaxCardBytes)
            {
                return card;
            }
        }

        return card!;
    }

    private static AdaptiveCard BuildDetail(AssessmentReport report, int answerBudget, bool impactLines)
    {
        var approval = report.Approval;
        var facts = new List<Fact>
        {
            new("Status", report.Status.Words()),
            new("Level", report.LevelWords),
            new("Sensitive uses", report.SensitiveUses.Count > 0 ? CardText.Md(string.Join("; ", report.SensitiveUses)) : "none"),
            new("Assessor", CardText.Md(report.Assessor)),
            new("Contributors", report.Contributors.Count > 0 ? CardText.Md(string.Join(", ", report.Contributors)) : "none"),
            new("Started", report.Date(report.StartedAt)),
            new("Submitted", report.SubmittedAt is { } submitted ? report.Date(submitted) : "not yet"),
            new("Approved", approval is null ? "not yet" : $"{report.Date(approval.DecidedAt)} by {CardText.Md(approval.DecidedBy)}"),
            new("Next reassessment", report.ReassessmentWords),
            new("Questionnaire", report.QuestionnaireKey),
        };

        var body = new List<CardElement>
        {
            CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Impact assessment: {CardText.Md(report.SystemName)}, version {report.Version}")),
            new FactSet { Facts = facts },
        };

        foreach (var decision in report.Decisions.Where(d => d.Kind == AssessmentDecisionKind.Returned))
        {
            body.Add(CardText.Subtle($"Returned on {report.Date(decision.DecidedAt)} by {CardText.Md(decision.DecidedBy)}: {CardText.Md(CardText.Shorten(decision.Comment ?? "", answerBudget))}"));
        }

        if (approval?.Comment is { } comment)
        {
            body.Add(CardText.Subtle($"Approval comment: {CardText.Md(CardText.Shorten(comment, answerBudget))}"));
        }

        foreach (var section in report.Sections)
        {
            body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"Step {section.Step}: {CardText.Md(section.Title)}")) { Weight = "Bolder", Spacing = "Medium", Separator = true });
            var by = section.AnsweredBy.Count > 0 ? "Answered by " + string.Join(", ", section.AnsweredBy) : "Nobody has answered it yet";
            body.Add(CardText.Subtle(CardText.Md(by + (section.AskedContributor is { } asked ? $"; {asked} was asked to answer it." : "."))));
            if (section.Repeatable && section.Items.Count == 0)
            {
                body.Add(new TextBlock($"No {CardText.Md(section.ItemName)} recorded yet.") { IsSubtle = true, Size = "Small" });
            }

            foreach (var item in section.Items)
            {
                if (item.Heading is not { } heading)
                {
                    body.Add(Answers(item.Answers, answerBudget));
                    continue;
                }

                var level = item.Impact is { } impact
                    ? $" · {CardText.Md(impact.Effect)} · level **{impact.LevelWords}**" + (impact.Score is { } s ? string.Create(CultureInfo.InvariantCulture, $" (severity {s.Severity} × likelihood {s.Likelihood}{(s.RaisedForSensitiveUse ? ", raised for a sensitive use" : "")})") : "")
                    : "";
                if (impactLines)
                {
                    // One line per impact: what it is and its level, then its own words.
                    var summary = item.Impact is { Summary.Length: > 0 } described ? ": " + CardText.Md(CardText.Shorten(described.Summary, answerBudget)) : "";
                    body.Add(new TextBlock($"**{CardText.Md(heading)}**{level}{summary}") { Size = "Small", Spacing = "Small" });
                    continue;
                }

                body.Add(new Container
                {
                    Style = "emphasis",
                    Spacing = "Small",
                    Items = [new TextBlock(CardText.Md(heading) + level) { Weight = "Bolder", Size = "Small" }, Answers(item.Answers, answerBudget)],
                });
            }

            if (impactLines && section.Repeatable && section.Items.Count > 0)
            {
                body.Add(CardText.Subtle($"Each {CardText.Md(section.ItemName)}'s answers in full are in the export."));
            }
        }

        body.Add(CardText.Subtle($"Every answer in full, the scoring table, the decisions and the ledger ids: **export assessment {CardText.Md(report.SystemName)} {report.Version.ToString(CultureInfo.InvariantCulture)}**."));
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"Impact assessment of {report.SystemName}, version {report.Version}: {report.Status.Words()}, level {report.LevelWords}."),
        };
    }

    /// <summary>The asked questions with their answers; a follow-up not asked is left out, an unanswered one says so.</summary>
    private static FactSet Answers(IReadOnlyList<ReportAnswer> answers, int budget) => new()
    {
        Spacing = "Small",
        Facts = answers
            .Where(a => a.State != ReportAnswerState.NotAsked)
            .Select(a => new Fact(CardText.Md(a.Question), a.State == ReportAnswerState.Answered ? CardText.Md(CardText.Shorten(a.Answer, budget)) : "_not answered_"))
            .ToList(),
    };

    /// <summary><c>assessments</c>: every AI system in the register with where its impact assessment stands.</summary>
    /// <param name="dueWarningDays">How far ahead "due" looks, said under the table.</param>
    public static AdaptiveCard List(IReadOnlyList<AssessmentListRow> rows, int dueWarningDays, bool partial)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var shown = rows
            .OrderBy(r => Urgency(r.Standing))
            .ThenBy(r => r.SystemName, StringComparer.OrdinalIgnoreCase)
            .Take(MaxListed)
            .ToList();
        List<TableRow> tableRows =
        [
            Header("System", "Status", "Next due", "Assessor"),
            .. shown.Select(r => Row(
                $"{CardText.Md(r.SystemName)}",
                r.Standing.Words() + (r.Version is { } v ? string.Create(CultureInfo.InvariantCulture, $" (v{v})") : "") + (r.Level is { } level ? $", {level.Words()}" : ""),
                CardText.Date(r.NextDue),
                r.Assessor is null ? CardText.None : CardText.Md(r.Assessor))),
        ];

        var counts = Enum.GetValues<AssessmentStanding>()
            .Select(s => s.Words())
            .Distinct(StringComparer.Ordinal)
            .Select(word => (Word: word, Count: rows.Count(r => r.Standing.Words() == word)))
            .Where(c => c.Count > 0)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count} {c.Word}"));
        var body = new List<CardElement>
        {
            CardText.Title("Impact assessments"),
            CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} AI system{(rows.Count == 1 ? "" : "s")}: {string.Join(", ", counts)}. Overdue and due first.")),
            new CardTable { Columns = TableLayout.FitColumns(tableRows), FirstRowAsHeader = true, ShowGridLines = true, Rows = tableRows },
        };
        if (rows.Count > MaxListed)
        {
            body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"…and {rows.Count - MaxListed} more. Ask for one by name: **assessment ‹system›**.")));
        }

        if (partial)
        {
            body.Add(CardText.Subtle("Only the AI systems you own or assess are listed: the whole list is for compliance leads, risk approvers and auditors."));
        }

        body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture,
            $"Level: the approved overall level. Due: the next reassessment falls within {dueWarningDays} days, or the system changed significantly since (**system change**). **assessment ‹system›** shows one in brief; **assess ‹system›** starts or resumes one.")));
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"Impact assessments of {rows.Count} AI systems."),
        };
    }

    private static int Urgency(AssessmentStanding standing) => standing switch
    {
        AssessmentStanding.Overdue => 0,
        AssessmentStanding.Due or AssessmentStanding.DueSoon => 1,
        AssessmentStanding.None => 2,
        AssessmentStanding.Returned => 3,
        AssessmentStanding.Submitted => 4,
        AssessmentStanding.Draft => 5,
        _ => 6,
    };

    private static TableRow Header(params string[] cells) => new()
    {
        Cells = cells.Select(c => new TableCell { Items = [new TextBlock(c) { Weight = "Bolder", Size = "Small" }] }).ToList(),
    };

    private static TableRow Row(params string[] cells) => new()
    {
        Cells = cells.Select(c => new TableCell { Items = [new TextBlock(c) { Size = "Small" }] }).ToList(),
    };
}
