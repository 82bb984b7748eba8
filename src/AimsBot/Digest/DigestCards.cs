using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Digest;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Digest;

/// <summary>One overdue control as the "show the overdue controls" list shows it.</summary>
public sealed record DigestOverdueRow(string ControlId, string ScopeName, string OwnerName, int DaysOverdue);

/// <summary>One thing waiting for a decision: a risk treatment plan or an impact assessment.</summary>
public sealed record DigestWaitingRow(string What, string Title, string Detail);

/// <summary>
/// The weekly digest card and the lists its buttons show in its place (each with a button back to the digest). Figures
/// only, no names of what is overdue on the digest itself: a lead forwards it, the lists stay in their chat.
/// </summary>
public static class DigestCards
{
    public const string NudgeVerb = "digest.nudge";
    public const string OverdueVerb = "digest.overdue";
    public const string WaitingVerb = "digest.waiting";
    public const string ShowVerb = "digest.show";
    public const int MaxUnreachableListed = 5;
    public const int MaxListed = 15;

    public static string Summary(DigestFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return figures.IsEmpty
            ? string.Create(CultureInfo.InvariantCulture, $"Weekly digest {figures.WeekId}: nothing is registered yet")
            : string.Create(CultureInfo.InvariantCulture, $"Weekly digest {figures.WeekId}: {figures.OverdueControls} overdue controls, {figures.EvidenceReceived} evidence received, {figures.OpenNonconformityCount} open nonconformities");
    }

    /// <param name="chartUrl">The trend chart's image (a signed URL or a data: URI); null leaves it out.</param>
    /// <param name="note">A line above the figures: what a button just did.</param>
    public static AdaptiveCard Digest(DigestReport report, string? chartUrl, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var f = report.Figures;
        var body = new List<CardElement>
        {
            CardText.Title("Weekly digest"),
            CardText.Subtle(Invariant($"Week {f.WeekId}, from Monday {CardText.Date(f.WeekStarting)}; figures as of {CardText.Date(report.CompiledAt, report.Zone)} {TimeZoneInfo.ConvertTime(report.CompiledAt, report.Zone):HH:mm} ({report.Zone.Id}).")),
        };
        if (note is not null)
        {
            body.Add(new TextBlock(note) { Color = "Good", Spacing = "Small" });
        }

        if (f.IsEmpty)
        {
            body.Add(new TextBlock("Nothing is registered yet: no AI systems, controls, risks or nonconformities, so there is nothing to report. Say `system add` to start the register."));
            body.AddRange(Checkpoint(f.Checkpoint));
            return new AdaptiveCard { Body = body, FallbackText = Summary(f) };
        }

        if (chartUrl is not null)
        {
            body.Add(new CardImage { Url = chartUrl, AltText = "Trend of the last 12 weeks: overdue controls, evidence received, open nonconformities", Size = "Stretch", Spacing = "Medium" });
        }

        var implementedShare = f.ApplicableControls == 0 ? 0 : (int)Math.Round(100.0 * f.ImplementedControls / f.ApplicableControls);
        body.Add(Heading("Controls and evidence"));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Overdue", Invariant($"{f.OverdueControls} ({f.NewlyOverdueControls} newly this week)")),
                new Fact("Evidence this week", N(f.EvidenceReceived)),
                new Fact("SoA coverage", Invariant($"{f.ImplementedControls} of {f.ApplicableControls} applicable controls implemented ({implementedShare}%)")),
                new Fact("AI systems", N(f.Systems)),
            ],
        });

        if (f.OpenNonconformities is { } ncs)
        {
            body.Add(Heading(Invariant($"Open nonconformities: {f.OpenNonconformityCount}")));
            if (ncs.Count > 0)
            {
                body.Add(NonconformityTable(ncs));
            }
        }

        body.Add(Heading("Risks and impact assessments"));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Awaiting approval", N(f.RisksAwaitingApproval)),
                new Fact("Above the threshold", N(f.RisksAboveThreshold)),
                new Fact("Acceptance ending", N(f.RiskAcceptancesExpiring)),
                new Fact("Reassessments due", Invariant($"{f.AssessmentsDueSoon} due soon, {f.AssessmentsOverdue} overdue")),
            ],
        });

        if (f.UnreachableOwners.Count > 0)
        {
            body.Add(Heading(Invariant($"Owners I can't reach: {f.UnreachableOwners.Count}")));
            var listed = f.UnreachableOwners.Take(MaxUnreachableListed).Select(o => Invariant($"- {CardText.Md(CardText.Shorten(o.Name, 60))} ({o.Controls} control{(o.Controls == 1 ? "" : "s")})"));
            var more = f.UnreachableOwners.Count > MaxUnreachableListed ? Invariant($"\n- and {f.UnreachableOwners.Count - MaxUnreachableListed} more") : "";
            body.Add(new TextBlock(string.Join('\n', listed) + more) { Spacing = "Small" });
        }

        body.AddRange(Checkpoint(f.Checkpoint));
        var actions = new List<CardAction>();
        if (f.OverdueControls > 0)
        {
            actions.Add(new ExecuteAction { Title = "Nudge overdue owners now", Verb = NudgeVerb, Data = new JsonObject() });
            actions.Add(new ExecuteAction { Title = "Show overdue controls", Verb = OverdueVerb, Data = new JsonObject() });
        }

        actions.Add(new ExecuteAction { Title = "Show what waits for approval", Verb = WaitingVerb, Data = new JsonObject() });

        return new AdaptiveCard { Body = body, Actions = actions, FallbackText = Summary(f) };
    }

    /// <summary>The overdue controls, most overdue first, in place of the digest.</summary>
    public static AdaptiveCard Overdue(IReadOnlyList<DigestOverdueRow> rows, int total)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var body = new List<CardElement> { CardText.Title(Invariant($"Overdue controls: {total}")) };
        if (rows.Count == 0)
        {
            body.Add(new TextBlock("No control is overdue now."));
        }
        else
        {
            // Three columns: at a chat card's width (448 px) a fourth squeezes the scope and owner into broken words.
            var table = new List<TableRow> { Row("Control", "Where and who", "Late by") };
            table.AddRange(rows.Select(r => Row(r.ControlId, Invariant($"{CardText.Shorten(r.ScopeName, 30)} · {CardText.Shorten(r.OwnerName, 30)}"), Invariant($"{r.DaysOverdue} day{(r.DaysOverdue == 1 ? "" : "s")}"))));
            body.Add(new CardTable { Columns = TableLayout.FitColumns(table), Rows = table, FirstRowAsHeader = true, ShowGridLines = false });
            if (total > rows.Count)
            {
                body.Add(CardText.Subtle(Invariant($"The {rows.Count} most overdue of {total}. Say `overdue` for the history, `controls` for the register.")));
            }
        }

        return new AdaptiveCard { Body = body, Actions = [Back()] };
    }

    /// <summary>What waits for a decision: risk treatment plans awaiting approval, impact assessments submitted.</summary>
    public static AdaptiveCard Waiting(IReadOnlyList<DigestWaitingRow> rows, int total)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var body = new List<CardElement> { CardText.Title(Invariant($"Waiting for approval: {total}")) };
        if (rows.Count == 0)
        {
            body.Add(new TextBlock("Nothing waits for approval now."));
        }
        else
        {
            var table = new List<TableRow> { Row("What", "Title", "Detail") };
            table.AddRange(rows.Select(r => Row(r.What, CardText.Shorten(r.Title, 60), CardText.Shorten(r.Detail, 40))));
            body.Add(new CardTable { Columns = TableLayout.FitColumns(table), Rows = table, FirstRowAsHeader = true, ShowGridLines = false });
            if (total > rows.Count)
            {
                body.Add(CardText.Subtle(Invariant($"The first {rows.Count} of {total}. Say `risks awaiting` for every risk waiting.")));
            }
        }

        return new AdaptiveCard { Body = body, Actions = [Back()] };
    }

    private static ExecuteAction Back() => new() { Title = "Back to the digest", Verb = ShowVerb, Data = new JsonObject() };

    private static IEnumerable<CardElement> Checkpoint(DigestCheckpoint? checkpoint)
    {
        yield return Heading("Audit trail");
        if (checkpoint is null)
        {
            yield return new TextBlock("No signed checkpoint yet (or it could not be read): say `ledger checkpoint` to seal the trail.") { Spacing = "Small" };
            yield break;
        }

        yield return new TextBlock(Invariant($"Latest checkpoint: event {checkpoint.Sequence}, signed {CardText.Date(checkpoint.CreatedAt, TimeZoneInfo.Utc)} UTC. Its head hash, to keep outside the trail:")) { Spacing = "Small" };
        // In groups of 16, so the 64 hex digits wrap on a narrow card.
        var groups = Enumerable.Range(0, (checkpoint.HeadHash.Length + 15) / 16).Select(i => checkpoint.HeadHash.Substring(i * 16, Math.Min(16, checkpoint.HeadHash.Length - (i * 16))));
        yield return new TextBlock(string.Join(' ', groups)) { FontType = "Monospace", Size = "Small", Spacing = "None" };
    }

    private static CardTable NonconformityTable(IReadOnlyList<NonconformityCounts> counts)
    {
        var rows = new List<TableRow> { Row("Severity", "< 30 days", "30–89 days", "90+ days") };
        rows.AddRange(counts.Select(c => Row(c.Severity, N(c.UnderThirtyDays), N(c.ThirtyToNinetyDays), N(c.NinetyDaysOrMore))));
        return new CardTable { Columns = TableLayout.FitColumns(rows), Rows = rows, FirstRowAsHeader = true, ShowGridLines = false };
    }

    private static TextBlock Heading(string text) => new(text) { Weight = "Bolder", Spacing = "Medium", Separator = true };

    private static TableRow Row(params string[] cells) => new() { Cells = cells.Select(c => new TableCell { Items = [new TextBlock(c) { Wrap = true }] }).ToList() };

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
