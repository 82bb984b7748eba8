using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Soa;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Nudges;

public class UnownedControlsTests
{
    private static readonly NudgeSchedule Rules = new(NoticeDays: 7, ReminderIntervalDays: 3, MaxSnoozes: 2, EscalationDays: [7, 21]);

    [Fact]
    public void In_a_new_register_every_applicable_control_without_an_owner_is_unowned_and_due_30_days_after_the_register_started()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var owned = new[] { "A.2.2", "A.6.2.6" }.Select(id => Build.Owned(Build.Instance(id, clock, cadence: EvidenceCadence.Yearly), Actors.Owner)).ToList();
        var soa = StatementOfApplicability.Generate(owned, ControlScope.Organization);

        var unowned = UnownedControls.In(soa, clock.GetUtcNow(), EvidenceCadence.Yearly, Zones.Utc, clock);

        Assert.Equal(36, unowned.Count);
        Assert.DoesNotContain(unowned, u => u.Control.Id is "A.2.2" or "A.6.2.6");
        Assert.All(unowned, u => Assert.Equal(new DateOnly(2026, 12, 23), u.Due));
        Assert.DoesNotContain(unowned, u => UnownedControls.IsDue(u, Rules));

        clock.Advance(TimeSpan.FromDays(23)); // 16 December: 7 days before the due date, inside the notice window
        var soon = UnownedControls.In(soa, clock.GetUtcNow() - TimeSpan.FromDays(23), EvidenceCadence.Yearly, Zones.Utc, clock);
        Assert.All(soon, u => Assert.True(UnownedControls.IsDue(u, Rules)));
        Assert.All(soon, u => Assert.Equal(DueState.Upcoming, u.Status.State));
    }

    [Fact]
    public void An_excluded_control_is_not_unowned()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var excluded = Build.Ok(Build.Instance("A.10.4", clock, cadence: EvidenceCadence.Yearly).Exclude(Actors.Lead, "We have no customers for AI services.", clock));
        var soa = StatementOfApplicability.Generate([excluded], ControlScope.Organization);

        var unowned = UnownedControls.In(soa, clock.GetUtcNow(), EvidenceCadence.Yearly, Zones.Utc, clock);

        Assert.Equal(37, unowned.Count);
        Assert.DoesNotContain(unowned, u => u.Control.Id == "A.10.4");
    }

    [Fact]
    public void A_system_counts_only_the_controls_it_answers_itself_not_the_organisations()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var system = ControlScope.ForSystem("credit-scorer");
        var soa = StatementOfApplicability.Generate([], system);

        var unowned = UnownedControls.In(soa, clock.GetUtcNow(), EvidenceCadence.Yearly, Zones.Utc, clock);

        var aiSystemLayer = AnnexA.Controls.Count(c => c.DefaultLayer == ControlLayer.AiSystem);
        Assert.Equal(aiSystemLayer, unowned.Count);
        Assert.All(unowned, u => Assert.Equal(ControlLayer.AiSystem, u.Control.DefaultLayer));
        Assert.All(unowned, u => Assert.Equal(system, u.Scope));
    }

    [Fact]
    public void A_stored_unowned_control_is_due_on_its_own_date_and_overdue_after_it()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var stored = Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Monthly);
        var soa = StatementOfApplicability.Generate([stored], ControlScope.Organization);
        clock.Advance(TimeSpan.FromDays(40));

        // The register started long before this control; the stored instance's own schedule decides.
        var found = Assert.Single(UnownedControls.In(soa, clock.GetUtcNow().AddYears(-1), EvidenceCadence.Yearly, Zones.Utc, clock), u => u.Control.Id == "A.6.2.6");

        Assert.Equal(new DateOnly(2026, 12, 23), found.Due);
        Assert.Equal(DueState.Overdue, found.Status.State);
        Assert.True(UnownedControls.IsDue(found, Rules));
    }

    [Fact]
    public void Without_a_default_cadence_unowned_controls_are_listed_but_never_due()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var soa = StatementOfApplicability.Generate([], ControlScope.Organization);

        var unowned = UnownedControls.In(soa, clock.GetUtcNow().AddYears(-2), null, Zones.Utc, clock);

        Assert.Equal(38, unowned.Count);
        Assert.All(unowned, u => Assert.Null(u.Due));
        Assert.DoesNotContain(unowned, u => UnownedControls.IsDue(u, Rules));
    }

    [Fact]
    public void Due_dates_of_default_rows_are_dates_in_the_organisations_zone()
    {
        // 11:00 UTC on 23 November is already the 24th in Auckland.
        var clock = Build.Clock("2026-11-23T11:00:00Z");
        var soa = StatementOfApplicability.Generate([], ControlScope.Organization);

        var unowned = UnownedControls.In(soa, clock.GetUtcNow(), EvidenceCadence.Yearly, Zones.Auckland, clock);

        Assert.All(unowned, u => Assert.Equal(new DateOnly(2026, 12, 24), u.Due));
    }
}
