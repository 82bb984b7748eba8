using AimsBot.Domain.Nonconformities;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>
/// What an auditor (and a lead, an owner) reads: <c>ncs</c> with its filters, <c>nc NC-7</c> with every step and the
/// ledger ids of its history, <c>ledger NC-7</c>.
/// </summary>
public sealed class NcsAndNcTests : NonconformityFollowUpHost
{
    /// <summary>NC-1 through its whole life: raised and triaged today, every step, implemented, reviewed effective 30 days on.</summary>
    private async Task<NonconformityId> ClosedLifeAsync()
    {
        var id = await RaiseAsync("Drift check skipped in March");
        await TriageAsync(id);
        await CorrectAsync(id);
        await RootCauseAsync(id);
        await PlanAsync(id);
        await CompleteAsync(id);
        await ImplementAsync(id);
        Clock.Advance(TimeSpan.FromDays(30));
        await ReviewAsync(id, effective: true, "No missed run since the alert went live; two runs checked.");
        Assert.Equal(NonconformityStage.Closed, (await StoredAsync(id)).Stage);
        return id;
    }

    [Fact]
    public async Task An_auditor_lists_ncs_since_a_date_and_reads_one_with_its_root_cause_actions_review_closure_and_ledger_ids()
    {
        var closed = await ClosedLifeAsync();
        Clock.Advance(TimeSpan.FromDays(10)); // 2027-01-02
        var later = await RaiseAsync("Supplier model card missing", NonconformitySeverity.Minor, ["A.10.3"], organisation: true);

        var since = Shown(await SayAsync("ncs since 2027-01-01", Auditor));
        Assert.Contains("Nonconformities · since 2027-01-01", since, StringComparison.Ordinal);
        Assert.Contains("**NC-2**", since, StringComparison.Ordinal);
        Assert.DoesNotContain("NC-1", since, StringComparison.Ordinal);
        var all = Shown(await SayAsync("ncs since 2026-11-23", Auditor));
        Assert.Contains("**NC-1**", all, StringComparison.Ordinal);
        Assert.Contains("**NC-2**", all, StringComparison.Ordinal);
        Assert.Contains("Closed", all, StringComparison.Ordinal);
        Assert.Contains("Waiting for triage", all, StringComparison.Ordinal);

        var detail = Shown(await SayAsync("nc nc1", Auditor));
        Assert.Contains($"{closed} · Drift check skipped in March", detail, StringComparison.Ordinal);
        Assert.Contains("Credit Scorer", detail, StringComparison.Ordinal);
        Assert.Contains("A.6.2.6", detail, StringComparison.Ordinal);
        Assert.Contains("Paused automated decisions", detail, StringComparison.Ordinal);
        Assert.Contains("Root cause", detail, StringComparison.Ordinal);
        Assert.Contains("Why: The drift job failed silently after a library upgrade.", detail, StringComparison.Ordinal);
        Assert.Contains("Cause: Technology", detail, StringComparison.Ordinal);
        Assert.Contains("1. Alert on a missed drift run — Arun Actionowner, done 2026-11-23 by Arun Actionowner: Alert rule AR-12", detail, StringComparison.Ordinal);
        Assert.Contains("Alert tested on 1 December", detail, StringComparison.Ordinal);
        Assert.Contains("Effective — No missed run since the alert went live", detail, StringComparison.Ordinal);
        Assert.Contains("2026-12-23 by Nia Owner", detail, StringComparison.Ordinal);
        Assert.Contains("the corrective actions were reviewed as effective", detail, StringComparison.Ordinal);
        // Every event of its history, with its ledger sequence number.
        var events = await Ledger.ForEntityAsync(Tenant, "NC-1");
        Assert.Equal(["nc.raise", "nc.triage", "nc.correction", "nc.rootcause", "nc.actions", "nc.action.done", "nc.implemented", "nc.review", "nc.close"], events.Select(e => e.Action));
        foreach (var e in events)
        {
            Assert.Contains($"#{e.Sequence} · ", detail, StringComparison.Ordinal);
        }

        Assert.Contains("Root cause recorded by Nia Owner", detail, StringComparison.Ordinal);
        Assert.Contains("Nonconformity closed by Nia Owner", detail, StringComparison.Ordinal);
        // Read-only for an auditor: nothing to press.
        Assert.DoesNotContain("Open the current step", detail, StringComparison.Ordinal);

        // Both queries are on record, with what they showed.
        var queries = await Ledger.ForEntityAsync(Tenant, "auditor-queries");
        Assert.Contains(queries, q => q.After!.Contains("\"command\":\"nc\"", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.After!.Contains("\"filter\":\"since 2027-01-01\"", StringComparison.Ordinal) && q.After.Contains("\"NC-2\"", StringComparison.Ordinal));
        Assert.NotEqual(closed, later);
    }

    [Fact]
    public async Task Filters_combine_and_overdue_counts_from_the_current_steps_due_date()
    {
        var drift = await RaiseAsync("Drift check skipped in March");
        await TriageAsync(drift, correctionDays: 3);
        var policy = await RaiseAsync("AI policy not reviewed this year", NonconformitySeverity.Minor, ["A.2.4"], organisation: true, raisedBy: Lead);
        Clock.Advance(TimeSpan.FromDays(5));

        var overdue = Shown(await SayAsync("ncs overdue", Lead));
        Assert.Contains("**NC-1**", overdue, StringComparison.Ordinal);
        Assert.Contains("overdue by 2 days", overdue, StringComparison.Ordinal);
        Assert.Contains("Correction and containment", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain("NC-2", overdue, StringComparison.Ordinal);

        var bySystem = Shown(await SayAsync("ncs open system credit scorer", Lead));
        Assert.Contains("**NC-1**", bySystem, StringComparison.Ordinal);
        Assert.DoesNotContain("NC-2", bySystem, StringComparison.Ordinal);

        var byControl = Shown(await SayAsync("ncs control a2.4", Auditor));
        Assert.Contains("**NC-2**", byControl, StringComparison.Ordinal);
        Assert.DoesNotContain("NC-1", byControl, StringComparison.Ordinal);

        Assert.Contains("**NC-2**", Shown(await SayAsync("ncs mine", Lead)), StringComparison.Ordinal);
        Assert.Equal("No nonconformities match **ncs overdue control A.2.4**.", (string?)(await SayAsync("ncs control A.2.4 overdue", Lead))["text"]);
        Assert.Contains("Did you mean **Credit Scorer**?", Shown(await SayAsync("ncs system Credit Scorrer", Lead)), StringComparison.Ordinal);
        Assert.Contains("'tomorrow' after 'since' is not a date I can read", Shown(await SayAsync("ncs since tomorrow", Lead)), StringComparison.Ordinal);
        Assert.NotEqual(drift, policy);
    }

    [Fact]
    public async Task Its_own_people_read_one_and_others_are_told_who_may()
    {
        var id = await RaiseAsync("Drift check skipped in March");
        await TriageAsync(id);
        await CorrectAsync(id);
        await RootCauseAsync(id);
        await PlanAsync(id);

        var owner = Shown(await SayAsync("nc NC-1", NcOwner));
        Assert.Contains("Step\",\"value\":\"Corrective actions", owner.Replace("Implementation", "Corrective actions", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Open the current step", owner, StringComparison.Ordinal);
        Assert.Contains("Alert on a missed drift run", Shown(await SayAsync("nc NC-1", ActionOwner)), StringComparison.Ordinal);
        Assert.Contains("Drift check skipped", Shown(await SayAsync("nc NC-1", Raiser)), StringComparison.Ordinal);

        var stranger = Shown(await SayAsync("nc NC-1", Stranger));
        Assert.Contains("A nonconformity is shown to its owner, the person who raised it", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("Drift check", stranger, StringComparison.Ordinal);
        Assert.Contains("There is no nonconformity NC-9.", Shown(await SayAsync("nc NC-9", Lead)), StringComparison.Ordinal);
        Assert.Contains("'R-1' is not a nonconformity id", Shown(await SayAsync("nc R-1", Lead)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_finds_a_nonconformity_typed_loosely()
    {
        var id = await RaiseAsync("Drift check skipped in March");
        await TriageAsync(id);

        var history = Shown(await SayAsync("ledger nc1", Auditor));

        Assert.Contains("NC-1", history, StringComparison.Ordinal);
        Assert.Contains("Nonconformity raised", history, StringComparison.Ordinal);
        Assert.Contains("Nonconformity triaged", history, StringComparison.Ordinal);
    }
}
