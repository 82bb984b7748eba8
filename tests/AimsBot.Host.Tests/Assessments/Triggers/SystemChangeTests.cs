using AimsBot.Assessments;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Assessments.Triggers;

/// <summary>
/// <c>system change &lt;name&gt; because &lt;reason&gt;</c>: the owner or a compliance lead records a significant change;
/// the approved assessment is then due now, the ledger has the reason, and the owner gets the card — once. Bad input
/// and other people change nothing.
/// </summary>
public sealed class SystemChangeTests : TriggersHostTest
{
    private const string Reason = "it now also scores small-business loans";

    [Fact]
    public async Task The_owner_records_a_change_the_approved_assessment_is_due_now_and_the_owner_gets_the_card_once()
    {
        var system = await SystemAsync("Credit Scorer");
        var nextDue = Today.AddMonths(5);
        await ApprovedAsync(system.Id, nextDue);

        var reply = await SayAsync($"system change credit scorer because {Reason}", Owner);

        Assert.Contains("Recorded a significant change to Credit Scorer: “it now also scores small-business loans”", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Its approved impact assessment (version 1) no longer covers it, so a new version is due now: **assess Credit Scorer**", reply.Text, StringComparison.Ordinal);
        Assert.Contains("I sent you the card to start it, too.", reply.Text, StringComparison.Ordinal);

        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.ReassessmentRequired.Name, recorded.Action);
        Assert.Equal("credit-scorer", recorded.EntityId);
        Assert.Equal(Owner, recorded.ActorId);
        Assert.Contains("\"assessment\":\"v1 Approved\"", recorded.Before, StringComparison.Ordinal);
        Assert.Contains(Reason, recorded.After, StringComparison.Ordinal);

        var change = (await Changes.GetAsync(Tenant, system.Id))!.Change;
        Assert.Equal((Reason, Owner, Clock.GetUtcNow()), (change.Reason, change.RaisedBy, change.RaisedAt));
        var latest = (await Assessments.GetLatestAsync(Tenant, system.Id))!.State;
        var options = Bot.Factory.Services.GetRequiredService<IOptions<AssessmentOptions>>().Value;
        var standing = AssessmentDue.Of(latest, change, Today, options.DueWarningDays, TimeZoneInfo.Utc);
        Assert.Equal((AssessmentStanding.Due, Today), (standing.Standing, standing.DueOn));

        // What the owner reads agrees with the scan: due now, from the change's day, and why.
        var list = await SayAsync("assessments", Owner);
        Assert.Contains("due (v1)", list.Shown, StringComparison.Ordinal);
        Assert.Contains(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), list.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(nextDue.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), list.Shown, StringComparison.Ordinal);
        var detail = await SayAsync("assessment Credit Scorer", Owner);
        Assert.Contains($"due now: the system changed on {Today:yyyy-MM-dd} ({Reason})", detail.Shown, StringComparison.Ordinal);

        var card = Assert.Single(await QueuedAsync(Owner));
        Assert.Contains("Credit Scorer changed: it needs a new impact assessment", card, StringComparison.Ordinal);
        Assert.Contains(Reason, card, StringComparison.Ordinal);
        Assert.Contains("Start the new version", card, StringComparison.Ordinal);

        // The scan sees the open change, and the card it owes is the one already sent.
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Scan.RunAsync()).Queued);
        Assert.Single(await QueuedAsync(Owner));

        // assess starts the new version, which answers the change: no longer due.
        var assess = await SayAsync("assess Credit Scorer", Owner);
        Assert.Contains("Step 1 of 8", assess.Shown, StringComparison.Ordinal);
        Assert.Equal(2, (await Assessments.GetLatestAsync(Tenant, system.Id))!.State.Version);
        var answered = AssessmentDue.Of((await Assessments.GetLatestAsync(Tenant, system.Id))!.State, change, Today, options.DueWarningDays, TimeZoneInfo.Utc);
        Assert.Equal(AssessmentStanding.Draft, answered.Standing);
        Assert.Null(answered.Change);
    }

    [Fact]
    public async Task A_compliance_lead_may_record_it_for_a_system_they_do_not_own_and_the_owner_is_told()
    {
        await SystemAsync("Credit Scorer");

        var reply = await SayAsync($"system change Credit Scorer because {Reason}");

        Assert.Contains("has no impact assessment yet; its first one has to cover the change", reply.Text, StringComparison.Ordinal);
        Assert.Contains("I sent its owner, Olive Owner, a card to start it.", reply.Text, StringComparison.Ordinal);
        var card = Assert.Single(await QueuedAsync(Owner));
        Assert.Contains("Dana Owner recorded a significant change on 2026-11-23", card, StringComparison.Ordinal);
        Assert.Contains("Open the assessment", card, StringComparison.Ordinal);
        Assert.Equal(Lead, Assert.Single(Ledger.Events).ActorId);
    }

    [Fact]
    public async Task A_missing_or_too_short_reason_and_an_unknown_system_are_answered_with_how_to_say_it_and_change_nothing()
    {
        var system = await SystemAsync("Credit Scorer");

        var noReason = await SayAsync("system change Credit Scorer", Owner);
        var shortReason = await SayAsync("system change Credit Scorer because new", Owner);
        var noName = await SayAsync($"system change because {Reason}", Owner);
        var unknown = await SayAsync($"system change Credit Scorr because {Reason}", Owner);

        Assert.Contains("Say what changed, after 'because': **system change &lt;name&gt; because &lt;reason&gt;**. Nothing was recorded.", noReason.Text, StringComparison.Ordinal);
        Assert.Contains("needs at least 10 characters", shortReason.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded.", shortReason.Text, StringComparison.Ordinal);
        Assert.Contains("Name the AI system before 'because'", noName.Text, StringComparison.Ordinal);
        Assert.Contains("I don't know an AI system called 'Credit Scorr'. Did you mean **Credit Scorer**?", unknown.Text, StringComparison.Ordinal);

        Assert.Null(await Changes.GetAsync(Tenant, system.Id));
        Assert.Empty(Ledger.Events);
        Assert.Empty(await QueuedAsync(Owner));
    }

    [Fact]
    public async Task Someone_who_neither_owns_the_system_nor_leads_compliance_is_refused_and_nothing_changes()
    {
        var system = await SystemAsync("Credit Scorer");
        await PersonAsync(Colleague, "Cole League");

        var reply = await SayAsync($"system change Credit Scorer because {Reason}", Colleague);
        var auditor = await SayAsync($"system change Credit Scorer because {Reason}", Auditor);

        Assert.Contains("Only the AI system's owner or a compliance lead", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("not available to you", auditor.Text, StringComparison.Ordinal);
        Assert.Null(await Changes.GetAsync(Tenant, system.Id));
        Assert.Empty(Ledger.Events);
        Assert.Empty(await QueuedAsync(Owner));
    }
}
