using AimsBot.Domain.Register;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Assessments.Reports;

/// <summary>
/// <c>assessments</c> on Monday 23 November 2026 (the host's fake clock), with <c>Assessments:DueWarningDays</c> at its
/// default of 30: every system with its latest assessment's standing.
/// </summary>
public sealed class AssessmentsCommandTests : AssessmentReportHostTest
{
    /// <summary>One system in each standing, the approved ones approved on dates that put their reassessment where wanted.</summary>
    private async Task SeedEveryStandingAsync()
    {
        await AddSystemAsync("Never Assessed", RiskTier.Limited);

        var draft = await AddSystemAsync("Drafting", RiskTier.Limited);
        await StoreAsync(ReportAssessments.Started(draft, OwnerActor, Clock));

        var submitted = await AddSystemAsync("Waiting", RiskTier.Limited);
        await StoreAsync(ReportAssessments.Submitted(ReportAssessments.Complete(ReportAssessments.Started(submitted, OwnerActor, Clock), submitted, OwnerActor, ColleagueActor), submitted, OwnerActor, Clock));

        var returned = await AddSystemAsync("Sent Back", RiskTier.Limited);
        var r = ReportAssessments.Submitted(ReportAssessments.Complete(ReportAssessments.Started(returned, OwnerActor, Clock), returned, OwnerActor, ColleagueActor), returned, OwnerActor, Clock);
        await StoreAsync(ReportAssessments.Returned(r, returned, ApproverActor, "Say who reviews the fairness results.", Clock));

        // Limited tier: 12 months. Approved 2026-11-20 → due 2027-11-20 (362 days away): approved.
        await ApprovedAsync(await AddSystemAsync("Fresh", RiskTier.Limited), new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        // Approved 2025-12-23 → due 2026-12-23, exactly 30 days away: due (the warning includes its last day).
        await ApprovedAsync(await AddSystemAsync("Coming Up", RiskTier.Limited), new DateTimeOffset(2025, 12, 23, 10, 0, 0, TimeSpan.Zero));
        // Approved 2025-12-24 → due 2026-12-24, 31 days away: still approved.
        await ApprovedAsync(await AddSystemAsync("Not Yet", RiskTier.Limited), new DateTimeOffset(2025, 12, 24, 10, 0, 0, TimeSpan.Zero));
        // Approved 2025-11-22 → due 2026-11-22, yesterday: overdue.
        await ApprovedAsync(await AddSystemAsync("Late", RiskTier.Limited), new DateTimeOffset(2025, 11, 22, 10, 0, 0, TimeSpan.Zero));
        // Approved 2025-11-23 → due today: due, not overdue.
        await ApprovedAsync(await AddSystemAsync("Due Today", RiskTier.Limited), new DateTimeOffset(2025, 11, 23, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Every_system_is_listed_with_its_standing_level_next_due_and_assessor_most_urgent_first()
    {
        await SeedEveryStandingAsync();

        var reply = await SayAsync("assessments");

        var rows = TableRows(reply.Card!);
        Assert.Equal(["System", "Status", "Next due", "Assessor"], rows[0]);
        var bySystem = rows.Skip(1).ToDictionary(r => r[0], r => r.Skip(1).ToList());
        Assert.Equal(["none", "—", "—"], bySystem["Never Assessed"]);
        Assert.Equal(["draft (v1)", "—", "Dana Owner"], bySystem["Drafting"]);
        Assert.Equal(["submitted (v1)", "—", "Dana Owner"], bySystem["Waiting"]);
        Assert.Equal(["returned (v1)", "—", "Dana Owner"], bySystem["Sent Back"]);
        Assert.Equal(["approved (v1), high", "2027-11-20", "Dana Owner"], bySystem["Fresh"]);
        Assert.Equal(["due (v1), high", "2026-12-23", "Dana Owner"], bySystem["Coming Up"]);
        Assert.Equal(["approved (v1), high", "2026-12-24", "Dana Owner"], bySystem["Not Yet"]);
        Assert.Equal(["overdue (v1), high", "2026-11-22", "Dana Owner"], bySystem["Late"]);
        Assert.Equal(["due (v1), high", "2026-11-23", "Dana Owner"], bySystem["Due Today"]);
        Assert.Equal(["Late", "Coming Up", "Due Today", "Never Assessed"], rows.Skip(1).Take(4).Select(r => r[0]));
        Assert.Contains("9 AI systems: 1 none, 1 draft, 1 submitted, 1 returned, 2 approved, 2 due, 1 overdue.", reply.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_assessments_move_from_due_to_overdue_as_the_days_pass()
    {
        await ApprovedAsync(await AddSystemAsync("Coming Up", RiskTier.Limited), new DateTimeOffset(2025, 12, 23, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal("due (v1), high", TableRows((await SayAsync("assessments")).Card!)[1][1]);
        Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal("overdue (v1), high", TableRows((await SayAsync("assessments")).Card!)[1][1]);
    }

    [Fact]
    public async Task An_empty_register_says_how_to_add_systems()
    {
        var lead = await SayAsync("assessments");
        var auditor = await SayAsync("assessments", Auditor);

        Assert.Equal("The register has no AI systems yet, so there is nothing to assess. Add the first with **system add**; its owner then assesses it with **assess ‹system›**.", lead.Text);
        Assert.Equal("The register has no AI systems yet, so there is nothing to assess; a compliance lead adds them with **system add**.", auditor.Text);
    }

    [Fact]
    public async Task An_auditor_sees_every_system_an_owner_only_theirs_and_someone_else_none()
    {
        await AddSystemAsync("Mine");
        await AddSystemAsync("Someone Elses", owner: "aad-other-owner-0001");

        var auditor = await SayAsync("assessments", Auditor);
        var owner = await SayAsync("assessments", Owner);
        var stranger = await SayAsync("assessments", Stranger);

        Assert.Equal(["Mine", "Someone Elses"], TableRows(auditor.Card!).Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.Null(auditor.Card!["actions"]);
        Assert.Equal(["Mine"], TableRows(owner.Card!).Skip(1).Select(r => r[0]));
        Assert.Contains("Only the AI systems you own or assess are listed", owner.Shown, StringComparison.Ordinal);
        Assert.Equal("You neither own nor assess any AI system in the register, so there is no impact assessment for you to see. Every system's status is for compliance leads, risk approvers and auditors.", stranger.Text);
    }
}
