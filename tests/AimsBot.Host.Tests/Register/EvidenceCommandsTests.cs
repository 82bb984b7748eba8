using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Register;

/// <summary><c>evidence add</c> and its form through the real host.</summary>
public sealed class EvidenceCommandsTests : RegisterHostTest
{
    private readonly RunningClock _clock;

    /// <summary>The host's clock starts at <see cref="TestClock.Default"/> and runs on (a repeat submission waits on it).</summary>
    public EvidenceCommandsTests()
        : this(new RunningClock(TestClock.Default))
    {
    }

    private EvidenceCommandsTests(RunningClock clock)
        : base(null, null, clock) => _clock = clock;

    private string From => Day(-40);
    private string To => Day(-2);

    [Theory]
    [MemberData(nameof(TestClock.Days), MemberType = typeof(TestClock))]
    public async Task The_owner_records_evidence_on_the_form_and_the_next_due_date_moves_on(string day)
    {
        _clock.SetUtcNow(TestClock.At(day));
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 150);
        var before = await ControlAsync("A.2.2");
        Assert.True(before!.Instance.NextDue < DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime), "Seeded as overdue.");

        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        Assert.Contains("Evidence for A.2.2 AI policy", form.Shown, StringComparison.Ordinal);
        var answer = await InvokeAsync("register.evidence.add", Submit(form.Card!,
            ("kind", "Link"), ("url", "https://intranet.example/policies/ai-policy-v3"), ("description", "AI policy v3, approved by the board"),
            ("periodFrom", From), ("periodTo", To)), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("Evidence recorded for A.2.2", answer.Shown, StringComparison.Ordinal);
        var evidence = Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        Assert.Equal("https://intranet.example/policies/ai-policy-v3", evidence.Url);
        Assert.Equal(Owner, evidence.SubmittedBy);

        var after = await ControlAsync("A.2.2");
        var expected = DueDateCalculator.LocalDate(evidence.SubmittedAt, after!.Instance.DueZone).AddMonths(3);
        // Every test day is at 10:00 UTC: the same date in the owner's zone (Berlin), so the next due date is three calendar months from it.
        Assert.Equal(DateOnly.FromDateTime(TestClock.At(day).UtcDateTime).AddMonths(3), expected);
        Assert.Equal(expected, after.Instance.NextDue);
        Assert.Contains(CardText.Date(expected), answer.Shown, StringComparison.Ordinal);
        var row = await Bot.Factory.Services.GetRequiredService<Storage.TableStore>().Table<ControlInstanceRow>(ControlInstanceRepository.TableName).GetAsync($"{Tenant}|org", "A.2.2");
        Assert.Equal(CardText.Date(expected), row!.NextDue);

        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.EvidenceAdded.Name, recorded.Action);
        Assert.Equal(evidence.Id, recorded.EntityId);
        Assert.Equal(Owner, recorded.ActorId);
        Assert.Contains("ai-policy-v3", recorded.After, StringComparison.Ordinal);

        var control = await SayAsync("control A.2.2", userAadId: Auditor);
        Assert.Contains("AI policy v3, approved by the board", control.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_is_not_https_is_explained_on_the_form_and_nothing_is_written()
    {
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 10);
        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        var answer = await InvokeAsync("register.evidence.add", Submit(form.Card!,
            ("kind", "Link"), ("url", "http://intranet.example/policy"), ("description", "typed text survives"), ("periodFrom", To), ("periodTo", From)), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("must start with https://", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("starts (", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("typed text survives", answer.Shown, StringComparison.Ordinal);
        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        Assert.Null((await ControlAsync("A.2.2"))!.Instance.LastEvidenceAt);
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_double_click_on_submit_records_one_evidence_and_both_clicks_see_it()
    {
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 10);
        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        var data = Submit(form.Card!, ("kind", "Note"), ("description", "Policy reviewed in the June AI board"), ("periodFrom", From), ("periodTo", To));

        var answers = await Task.WhenAll(
            InvokeAsync("register.evidence.add", data, userAadId: Owner),
            InvokeAsync("register.evidence.add", data, userAadId: Owner));
        var again = await InvokeAsync("register.evidence.add", data, userAadId: Owner);

        var evidence = Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        Assert.All(answers.Append(again), a => Assert.Contains(evidence.Id, a.Shown, StringComparison.Ordinal));
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task When_the_ledger_fails_the_retry_of_the_same_form_records_the_event_once_and_no_second_evidence()
    {
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 10);
        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        var data = Submit(form.Card!, ("kind", "Note"), ("description", "Policy reviewed in the June AI board"), ("periodFrom", From), ("periodTo", To));

        Ledger.FailNextAppend = true;
        var failed = await InvokeAsync("register.evidence.add", data, userAadId: Owner);
        Assert.Equal(500, failed.StatusCode);
        Assert.Empty(Ledger.Events);

        var retried = await InvokeAsync("register.evidence.add", data, userAadId: Owner);
        Assert.Contains("Evidence recorded", retried.Shown, StringComparison.Ordinal);
        var evidence = Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(evidence.Id, recorded.EntityId);
        Assert.Equal(evidence.SubmittedAt, (await ControlAsync("A.2.2"))!.Instance.LastEvidenceAt);
    }

    [Fact]
    public async Task Someone_who_does_not_own_the_control_gets_no_form_and_a_crafted_submit_is_refused()
    {
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 10);
        var reply = await SayAsync("evidence add A.2.2", userAadId: "aad-someone-else");
        Assert.Contains("Only the control's owner or a compliance lead", reply.Text, StringComparison.Ordinal);

        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        var data = Submit(form.Card!, ("kind", "Note"), ("description", "Not mine to give"), ("periodFrom", From), ("periodTo", To));
        var stranger = await InvokeAsync("register.evidence.add", data, userAadId: "aad-someone-else");
        var auditor = await InvokeAsync("register.evidence.add", data, userAadId: Auditor);

        Assert.Equal(403, stranger.StatusCode);
        Assert.Equal(403, auditor.StatusCode);
        Assert.Contains("read-only", auditor.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Card_data_pointing_elsewhere_is_checked_again_on_the_server()
    {
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 10);
        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);

        // The owner of A.2.2 edits the card's data to post evidence on A.2.3, which they do not own.
        var otherControl = Submit(form.Card!, ("controlId", "A.2.3"), ("kind", "Note"), ("description", "sneaky"), ("periodFrom", From), ("periodTo", To));
        Assert.Equal(403, (await InvokeAsync("register.evidence.add", otherControl, userAadId: Owner)).StatusCode);

        var goneSystem = Submit(form.Card!, ("scope", "no-such-system"), ("kind", "Note"), ("description", "sneaky"), ("periodFrom", From), ("periodTo", To));
        var gone = await InvokeAsync("register.evidence.add", goneSystem, userAadId: Owner);
        Assert.Equal(400, gone.StatusCode);
        Assert.Contains("not in the register", gone.ErrorMessage, StringComparison.Ordinal);

        var noSubmission = Submit(form.Card!, ("submissionId", "not-a-guid"), ("kind", "Note"), ("description", "sneaky"), ("periodFrom", From), ("periodTo", To));
        Assert.Equal(400, (await InvokeAsync("register.evidence.add", noSubmission, userAadId: Owner)).StatusCode);
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Evidence_for_a_system_goes_to_its_own_control_or_to_the_organisations_one_it_inherits()
    {
        await AddSystemAsync("Credit Scorer");
        var org = await SayAsync("evidence add A.6.2.6");
        Assert.Contains("answered per AI system", org.Text, StringComparison.Ordinal);

        var own = await SayAsync("evidence add A.6.2.6 system Credit Scorer");
        var ownAnswer = await InvokeAsync("register.evidence.add", Submit(own.Card!, ("kind", "Attestation"), ("description", "Drift monitored weekly; no threshold crossed"), ("periodFrom", From), ("periodTo", To)));
        Assert.Contains("Evidence recorded for A.6.2.6", ownAnswer.Shown, StringComparison.Ordinal);
        Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.ForSystem("credit-scorer"), ControlId.Parse("A.6.2.6"), 10));
        Assert.NotNull((await ControlAsync("A.6.2.6", "credit-scorer"))!.Instance.LastEvidenceAt);

        var inherited = await SayAsync("evidence add A.2.2 system Credit Scorer");
        var inheritedAnswer = await InvokeAsync("register.evidence.add", Submit(inherited.Card!, ("kind", "FileReference"), ("url", "https://files.example/ai-policy.pdf"), ("periodFrom", From), ("periodTo", To)));
        Assert.Contains("the organisation (which Credit Scorer inherits)", inheritedAnswer.Shown, StringComparison.Ordinal);
        Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        Assert.NotNull((await ControlAsync("A.2.2"))!.Instance.LastEvidenceAt);
        Assert.Null(await ControlAsync("A.2.2", "credit-scorer"));
    }

    [Fact]
    public async Task An_excluded_control_takes_no_evidence()
    {
        await SayAsync("soa exclude A.10.4 because we have no customers for AI products at all");
        var reply = await SayAsync("evidence add A.10.4");
        Assert.Contains("excluded", reply.Text, StringComparison.Ordinal);
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task The_control_card_offers_the_form_to_its_owner()
    {
        await SeedOwnedControlAsync("A.2.2", createdDaysAgo: 10);
        var control = await SayAsync("control A.2.2", userAadId: Owner);
        var button = control.Card!["actions"]!.AsArray().Single()!;
        Assert.Equal("Add evidence", (string?)button["title"]);

        var form = await InvokeAsync((string)button["verb"]!, button["data"]!.AsObject(), userAadId: Owner);
        Assert.Contains("register.evidence.add", form.Shown, StringComparison.Ordinal);
        var stranger = await InvokeAsync((string)button["verb"]!, button["data"]!.AsObject(), userAadId: "aad-someone-else");
        Assert.Equal(403, stranger.StatusCode);
    }

    [Fact]
    public async Task Auditors_are_not_offered_evidence_add()
    {
        var reply = await SayAsync("evidence add A.2.2", userAadId: Auditor);
        Assert.Contains("not available to you", reply.Text, StringComparison.Ordinal);
    }

    private async Task SeedOwnedControlAsync(string controlId, int createdDaysAgo)
    {
        var lead = Actor.Create(Lead, Role.ComplianceLead);
        var clock = new PastClock(_clock.GetUtcNow().AddDays(-createdDaysAgo));
        var instance = ControlInstance.Create(ControlScope.Organization, ControlId.Parse(controlId), lead, clock, TimeZoneInfo.Utc, EvidenceCadence.Quarterly)
            .Bind(i => i.AssignOwner(Owner, TimeZones.FindOrUtc("Europe/Berlin"), lead)).Value!;
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(instance, "Dana Owner")]);
    }

    private string Day(int offset) => TestClock.Iso(DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(offset));

    private sealed class PastClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
