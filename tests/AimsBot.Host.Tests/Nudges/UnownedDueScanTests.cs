using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// The due scan and <c>nudge now</c> with controls no one owns, and the first-due rule, on a fake clock started at
/// Monday 23 November 2026, 10:00 UTC.
/// </summary>
public sealed class UnownedDueScanTests : NudgeScanHost
{
    private const string Owner = "aad-owner-0001";

    /// <summary>With the default cadence (yearly) for controls never registered, as in production.</summary>
    public UnownedDueScanTests()
        : base(new Dictionary<string, string?> { ["Register:DefaultCadence"] = "yearly" })
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(Owner, "Olive Owner", "Europe/London");
    }

    [Fact]
    public async Task Nudge_now_counts_the_36_of_38_controls_without_an_owner_and_the_leads_are_told_once_per_interval()
    {
        // Two owned controls, evidenced six months ago (the register started then): the 36 others were first due
        // 30 days after it started and are long overdue, with no one to remind.
        await ControlAsync("A.2.2", Owner, Today.AddDays(20));
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(20));

        var reply = await SayAsync("nudge now", Lead);
        var rerun = await Scan.RunAsync();

        Assert.Contains("0 due, 36 overdue, 1 queued, 0 unreachable, 0 installing, 36 no owner, 0 escalated", (string?)reply["summary"], StringComparison.Ordinal);
        Assert.Contains("Due with no owner", Shown(reply), StringComparison.Ordinal);
        Assert.Equal((36, 0), (rerun.NoOwner, rerun.Queued));
        // nudge now also asks for a drain, which may already be sending it: read the outbox in every state.
        var told = Assert.Single(await UnownedSummariesAsync());
        Assert.Contains("Controls due with no owner", told, StringComparison.Ordinal);
        Assert.Contains("36 controls in the Statement of Applicability are due for evidence (36 overdue)", told, StringComparison.Ordinal);
        Assert.Contains("…and 21 more.", told, StringComparison.Ordinal);
        Assert.DoesNotContain("A.6.2.6", told, StringComparison.Ordinal);
        Assert.DoesNotContain(await QueuedAsync(), m => m.RecipientUserKey == Owner);

        // The next reminder interval (3 days) brings one new summary while they stay unowned, not one per control.
        Clock.Advance(TimeSpan.FromDays(3));
        var later = await Scan.RunAsync();
        await Scan.RunAsync();
        Assert.Equal(1, later.Queued);
        Assert.Equal(2, (await UnownedSummariesAsync()).Count);
    }

    /// <summary>Every message queued so far, whatever its state, once each (a row seen in two states while it moves is one row).</summary>
    private async Task<List<OutboxMessage>> QueuedAsync()
    {
        var queued = new List<OutboxMessage>();
        foreach (var state in new[] { OutboxStates.Pending, OutboxStates.Sending, OutboxStates.Sent })
        {
            queued.AddRange(await Outbox.InStateAsync(Tenant, state));
        }

        return queued.DistinctBy(m => m.RowKey).ToList();
    }

    /// <summary>What the summaries of unowned controls queued for the lead show.</summary>
    private async Task<List<string>> UnownedSummariesAsync() =>
        (await QueuedAsync()).Where(m => m.RecipientUserKey == Lead && m.Purpose == "unowned").Select(m => Shown(JsonNode.Parse(m.ActivityJson)!)).ToList();

    [Fact]
    public async Task Controls_given_an_owner_stop_counting_and_a_register_without_unowned_due_controls_tells_the_leads_nothing()
    {
        await ControlAsync("A.2.2", Owner, Today.AddDays(20));
        foreach (var control in AnnexA.Controls.Where(c => c.Id != "A.2.2"))
        {
            await ControlAsync(control.Id, Owner, Today.AddDays(20));
        }

        var report = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal((0, 0), (report.NoOwner, report.Queued));
        Assert.Empty(Received(Lead));
    }

    [Fact]
    public async Task A_new_yearly_control_with_no_evidence_is_nudged_23_days_after_it_was_created_and_overdue_after_30()
    {
        var lead = Actor.Create(Lead, Role.ComplianceLead);
        var created = ControlInstance.Create(ControlScope.Organization, ControlId.Parse("A.6.2.6"), lead, Clock, TimeZoneInfo.Utc, EvidenceCadence.Yearly)
            .Bind(i => i.AssignOwner(Owner, TimeZones.FindOrUtc("Europe/London"), lead)).Value!;
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(created, "Olive Owner")]);
        Assert.Equal(new DateOnly(2026, 12, 23), created.NextDue);

        // 15 December: eight days before the first due date, outside the 7-day notice window.
        Clock.Advance(TimeSpan.FromDays(22));
        var early = await Scan.RunAsync();
        await DrainAsync();
        Assert.Equal(0, early.Due + early.Overdue);
        Assert.Empty(Received(Owner));

        // 16 December (a Wednesday, in working hours in London): due in 7 days.
        Clock.Advance(TimeSpan.FromDays(1));
        var due = await Scan.RunAsync();
        await DrainAsync();
        Assert.Equal(1, due.Due - due.NoOwner);
        var card = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("A.6.2.6", card, StringComparison.Ordinal);
        Assert.Contains("due soon", card, StringComparison.Ordinal);

        // 24 December: overdue, a year before the old rule would have asked for anything.
        Clock.Advance(TimeSpan.FromDays(8));
        var overdue = await Scan.RunAsync();
        Assert.Equal(1, overdue.Overdue - overdue.NoOwner);
    }
}
