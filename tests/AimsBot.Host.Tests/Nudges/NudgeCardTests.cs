using System.Text.Json.Nodes;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>The owner's nudge card through the real host: its look, refresh, and the evidence / not-applicable / snooze actions.</summary>
public sealed class NudgeCardTests : NudgeHostTest
{
    [Theory]
    [MemberData(nameof(TestClock.Days), MemberType = typeof(TestClock))]
    public async Task The_owner_card_groups_due_controls_with_their_actions_and_refreshes_for_the_owner(string day)
    {
        Clock.SetUtcNow(TestClock.At(day));
        var policy = await SeedDueAsync("A.2.2", overdueDays: 4);
        var monitoring = await SeedDueAsync("A.6.2.6", overdueDays: 1);

        var card = await OwnerCardAsync(Owner, policy, monitoring);
        var shown = card.ToJsonString();

        Assert.Contains("A.2.2", shown, StringComparison.Ordinal);
        Assert.Contains(AnnexA.Get(ControlId.Parse("A.2.2")).Title, shown, StringComparison.Ordinal);
        Assert.Contains("overdue by 4 days", shown, StringComparison.Ordinal);
        Assert.Contains("overdue by 1 day", shown, StringComparison.Ordinal);
        Assert.Contains("organisation", shown, StringComparison.Ordinal);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Equal(NudgeCards.RefreshVerb, (string?)card["refresh"]!["action"]!["verb"]);
        Assert.Equal("29:user-" + Owner, (string?)card["refresh"]!["userIds"]![0]);
        foreach (var verb in new[] { NudgeCards.EvidenceVerb, NudgeCards.NotApplicableVerb, NudgeCards.SnoozeVerb, NudgeCards.ReassignVerb })
        {
            var data = Press(card, verb, "A.6.2.6");
            Assert.Equal("org", (string?)data["scope"]);
            Assert.Equal(Day(monitoring.Due), (string?)data["due"]);
            Assert.NotNull(data["submissionId"]);
        }

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(shown) < 28 * 1024);
    }

    [Fact]
    public async Task Attaching_evidence_records_it_moves_the_next_due_date_and_the_card_shows_it_done()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);

        var answer = await InvokeAsync(NudgeCards.EvidenceVerb, Press(card, NudgeCards.EvidenceVerb, "A.2.2",
            ("kind", "Link"), ("url", "https://intranet.example/ai-policy-v4"), ("description", "Board-approved policy"), ("periodFrom", Day(Today.AddDays(-30))), ("periodTo", Day(Today.AddDays(-1)))), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        var evidence = Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        Assert.Equal("https://intranet.example/ai-policy-v4", evidence.Url);
        var control = await ControlAsync("A.2.2");
        Assert.Equal(Today.AddMonths(3), control!.Instance.NextDue);
        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.EvidenceAdded.Name, recorded.Action);
        Assert.Equal(Owner, recorded.ActorId);
        Assert.Contains("Evidence recorded by Dana Owner", answer.Shown, StringComparison.Ordinal);
        Assert.Contains($"Next due {Day(Today.AddMonths(3))}", answer.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Executes(answer.Card), a => (string?)a["verb"] == NudgeCards.EvidenceVerb);
    }

    [Fact]
    public async Task A_double_click_on_attach_evidence_records_one_evidence_item()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);
        var data = Press(card, NudgeCards.EvidenceVerb, "A.2.2", ("kind", "Note"), ("description", "Reviewed in the AI board"), ("periodFrom", Day(Today.AddDays(-30))), ("periodTo", Day(Today)));

        var first = await InvokeAsync(NudgeCards.EvidenceVerb, data, userAadId: Owner);
        var second = await InvokeAsync(NudgeCards.EvidenceVerb, data, userAadId: Owner);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Contains("Evidence recorded by", second.Shown, StringComparison.Ordinal);
        Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task Two_clicks_arriving_together_on_attach_evidence_record_one_evidence_item()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);
        var data = Press(card, NudgeCards.EvidenceVerb, "A.2.2", ("kind", "Note"), ("description", "Reviewed in the AI board"), ("periodFrom", Day(Today.AddDays(-30))), ("periodTo", Day(Today)));

        // A repeat waits (on the host's clock) for the first copy to record its ledger event: keep the fake clock moving.
        using var stop = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Clock.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(10, CancellationToken.None);
            }
        });
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => InvokeAsync(NudgeCards.EvidenceVerb, data, userAadId: Owner)));
        await stop.CancelAsync();
        await ticking;

        Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
        Assert.Single(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        Assert.Single(Ledger.Events, e => e.Action == LedgerEvents.EvidenceAdded.Name);
    }

    [Theory]
    [InlineData(NudgeCards.EvidenceVerb)]
    [InlineData(NudgeCards.NotApplicableVerb)]
    [InlineData(NudgeCards.SnoozeVerb)]
    [InlineData(NudgeCards.ReassignVerb)]
    public async Task Someone_who_is_not_the_owner_is_refused_and_nothing_is_written(string verb)
    {
        var key = await SeedDueAsync("A.2.2");
        await RecordUserAsync(Colleague, "Sam Colleague", ColleagueUpn);
        var card = await OwnerCardAsync(Owner, key);
        var data = Press(card, verb, "A.2.2",
            ("kind", "Link"), ("url", "https://intranet.example/x"), ("periodFrom", Day(Today.AddDays(-3))), ("periodTo", Day(Today)),
            ("reason", "The system was switched off all quarter."), ("snooze", "1w"), ("colleague", ColleagueUpn));

        // Someone else entirely, and a compliance lead: the card is the owner's.
        foreach (var stranger in new[] { "aad-someone-else", Lead })
        {
            var answer = await InvokeAsync(verb, data, userAadId: stranger);
            Assert.Equal(403, answer.StatusCode);
            Assert.Contains("Only the owner of A.2.2 (Dana Owner)", answer.ErrorMessage, StringComparison.Ordinal);
        }

        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        Assert.Equal(key.Due, (await ControlAsync("A.2.2"))!.Instance.NextDue);
        Assert.Equal(Owner, (await ControlAsync("A.2.2"))!.Instance.OwnerUserId);
        Assert.Equal(default, (await RowAsync(key)).ETag);
        Assert.Empty(await OutboxAsync());
        Assert.Empty(Ledger.Events);
    }

    [Theory]
    [InlineData("http://intranet.example/policy", "must start with https://")]
    [InlineData("javascript:alert(1)", "not a complete web address")]
    public async Task A_bad_link_is_explained_on_the_card_with_the_values_kept_and_nothing_is_written(string url, string expected)
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);

        var answer = await InvokeAsync(NudgeCards.EvidenceVerb, Press(card, NudgeCards.EvidenceVerb, "A.2.2",
            ("kind", "Link"), ("url", url), ("description", "typed text survives"), ("periodFrom", Day(Today.AddDays(-3))), ("periodTo", Day(Today))), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains(expected, answer.Shown, StringComparison.Ordinal);
        Assert.Contains("typed text survives", answer.Shown, StringComparison.Ordinal);
        Assert.Contains(url, answer.Shown, StringComparison.Ordinal);
        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        Assert.Equal(key.Due, (await ControlAsync("A.2.2"))!.Instance.NextDue);
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Not_applicable_without_a_reason_is_refused_and_with_one_closes_the_period()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);

        var missing = await InvokeAsync(NudgeCards.NotApplicableVerb, Press(card, NudgeCards.NotApplicableVerb, "A.2.2", ("reason", "  ")), userAadId: Owner);
        Assert.Equal(200, missing.StatusCode);
        Assert.Contains("Say why no evidence is needed", missing.Shown, StringComparison.Ordinal);
        Assert.Equal(key.Due, (await ControlAsync("A.2.2"))!.Instance.NextDue);
        Assert.Empty(Ledger.Events);

        var closed = await InvokeAsync(NudgeCards.NotApplicableVerb, Press(card, NudgeCards.NotApplicableVerb, "A.2.2", ("reason", "No AI systems were in operation this quarter.")), userAadId: Owner);

        Assert.Equal(200, closed.StatusCode);
        var control = (await ControlAsync("A.2.2"))!.Instance;
        Assert.Equal(key.Due.AddMonths(3), control.NextDue);
        Assert.Equal(key.Due, control.NotApplicableThrough);
        Assert.Null(control.LastEvidenceAt); // the SoA's "last evidence" reads this: closing a period is not evidence
        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.PeriodNotApplicable.Name, recorded.Action);
        Assert.Equal("org/A.2.2", recorded.EntityId);
        Assert.Contains("No AI systems were in operation this quarter.", recorded.After, StringComparison.Ordinal);
        Assert.Contains("Not applicable this period: No AI systems were in operation this quarter.", closed.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snoozing_a_week_sets_snoozed_until_a_week_from_now_once_even_when_pressed_twice_at_once()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);
        var data = Press(card, NudgeCards.SnoozeVerb, "A.2.2", ("snooze", "1w"));

        var answers = await Task.WhenAll(InvokeAsync(NudgeCards.SnoozeVerb, data, userAadId: Owner), InvokeAsync(NudgeCards.SnoozeVerb, data, userAadId: Owner));

        Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
        var row = await RowAsync(key);
        Assert.Equal(Clock.GetUtcNow().AddDays(7), row.SnoozedUntil);
        Assert.Equal(1, row.SnoozeCount);
        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.Snoozed.Name, recorded.Action);
        Assert.Equal("org/A.2.2", recorded.EntityId);
        Assert.Contains("snoozed 1 of 2 times", answers[0].Shown + answers[1].Shown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestClock.Days), MemberType = typeof(TestClock))]
    public async Task Each_snooze_length_ends_that_many_days_after_the_press_and_the_card_says_when(string day)
    {
        Clock.SetUtcNow(TestClock.At(day));
        var lengths = new[] { ("A.2.2", "1d", 1), ("A.3.2", "3d", 3), ("A.6.2.6", "1w", 7) };
        var keys = new List<NudgeItemKey>();
        foreach (var (control, _, _) in lengths)
        {
            keys.Add(await SeedDueAsync(control));
        }

        var card = await OwnerCardAsync(Owner, [.. keys]);
        var pressedAt = Clock.GetUtcNow();
        foreach (var (control, code, days) in lengths)
        {
            var answer = await InvokeAsync(NudgeCards.SnoozeVerb, Press(card, NudgeCards.SnoozeVerb, control, ("snooze", code)), userAadId: Owner);
            Assert.Equal(200, answer.StatusCode);
            Assert.Contains($"Snoozed until {pressedAt.AddDays(days):yyyy-MM-dd HH:mm} UTC", answer.Shown, StringComparison.Ordinal);
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            var row = await RowAsync(keys[i]);
            Assert.Equal(pressedAt.AddDays(lengths[i].Item3), row.SnoozedUntil);
            Assert.Equal(1, row.SnoozeCount);
        }
    }

    [Fact]
    public async Task Snoozing_beyond_the_limit_is_refused_with_what_happens_next()
    {
        var key = await SeedDueAsync("A.2.2");
        JsonNode card = await OwnerCardAsync(Owner, key);
        var unpressed = await OwnerCardAsync(Owner, key);
        for (var i = 0; i < 2; i++)
        {
            var answer = await InvokeAsync(NudgeCards.SnoozeVerb, Press(card, NudgeCards.SnoozeVerb, "A.2.2", ("snooze", "1d")), userAadId: Owner);
            Assert.Equal(200, answer.StatusCode);
            if (i == 0)
            {
                card = answer.Card!;
            }
            else
            {
                Assert.DoesNotContain(Executes(answer.Card), a => (string?)a["verb"] == NudgeCards.SnoozeVerb);
                Assert.Contains("further delay means escalation", answer.Shown, StringComparison.Ordinal);
            }
        }

        // An old copy of the card still has the button: pressing it is refused on the card.
        var third = await InvokeAsync(NudgeCards.SnoozeVerb, Press(unpressed, NudgeCards.SnoozeVerb, "A.2.2", ("snooze", "1w")), userAadId: Owner);

        Assert.Equal(200, third.StatusCode);
        Assert.Contains("You've snoozed this 2 times — evidence or a reason is needed now", third.Shown, StringComparison.Ordinal);
        Assert.Contains("escalated to your manager and the compliance leads", third.Shown, StringComparison.Ordinal);
        var row = await RowAsync(key);
        Assert.Equal(2, row.SnoozeCount);
        Assert.Equal(Clock.GetUtcNow().AddDays(1), row.SnoozedUntil);
        Assert.Equal(2, Ledger.Events.Count);
    }

    [Fact]
    public async Task Refresh_shows_the_current_state_of_every_item()
    {
        var snoozed = await SeedDueAsync("A.2.2");
        var answered = await SeedDueAsync("A.3.2");
        var card = await OwnerCardAsync(Owner, snoozed, answered);
        await InvokeAsync(NudgeCards.SnoozeVerb, Press(card, NudgeCards.SnoozeVerb, "A.2.2", ("snooze", "3d")), userAadId: Owner);

        // Evidence added outside the card (the register's own form) closes the period too.
        var form = await SayAsync("evidence add A.3.2", userAadId: Owner);
        await InvokeAsync(EvidenceCards.AddVerb, Submit(form.Card!, ("kind", "Link"), ("url", "https://dash.example/monitoring"), ("periodFrom", Day(Today.AddDays(-10))), ("periodTo", Day(Today))), userAadId: Owner);

        var refresh = card["refresh"]!["action"]!;
        var answer = await InvokeAsync((string)refresh["verb"]!, refresh["data"]!.AsObject(), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains($"Snoozed until {Clock.GetUtcNow().AddDays(3):yyyy-MM-dd HH:mm} UTC", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("snoozed 1 of 2 times", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("Evidence recorded by Dana Owner", answer.Shown, StringComparison.Ordinal);
        Assert.Equal(NudgeCards.RefreshVerb, (string?)answer.Card!["refresh"]!["action"]!["verb"]);
        Assert.Contains(Executes(answer.Card), a => (string?)a["verb"] == NudgeCards.EvidenceVerb && (string?)a["data"]!["controlId"] == "A.2.2");
        Assert.DoesNotContain(Executes(answer.Card), a => (string?)a["verb"] == NudgeCards.EvidenceVerb && (string?)a["data"]!["controlId"] == "A.3.2");
    }

    [Fact]
    public async Task A_card_with_the_most_items_longest_ids_and_longest_typed_values_stays_under_the_Teams_limit()
    {
        // A system whose name makes the longest id there is.
        await AddSystemAsync("Consumer Credit Scoring And Affordability Assessment Engine");
        var system = Assert.Single(await Systems.ListAsync(Tenant)).System.Id;
        Assert.Equal(Domain.Register.AiSystem.IdMax, system.Length);
        var keys = new List<NudgeItemKey>();
        foreach (var control in AnnexA.Controls.Where(c => c.DefaultLayer == ControlLayer.AiSystem).OrderByDescending(c => c.Title.Length).Take(NudgeCards.MaxItems + 2))
        {
            keys.Add(await SeedDueAsync(control.Id, systemId: system));
        }

        var card = await OwnerCardAsync(Owner, [.. keys]);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString()), 1, (28 * 1024) - 1);
        Assert.Contains("2 more due controls are not shown", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(NudgeCards.MaxItems, Executes(card).Count(a => (string?)a["verb"] == NudgeCards.EvidenceVerb));

        // The largest answer: the form comes back with everything typed kept, and its errors.
        var first = (string)Executes(card).First(a => (string?)a["verb"] == NudgeCards.EvidenceVerb)["data"]!["controlId"]!;
        var answer = await InvokeAsync(NudgeCards.EvidenceVerb, Press(card, NudgeCards.EvidenceVerb, first,
            ("kind", "Link"), ("url", "https://x.example/" + new string('u', Domain.Register.EvidenceRecord.UrlMax - 18)), ("description", new string('n', Domain.Register.EvidenceRecord.DescriptionMax)),
            ("periodFrom", Day(Today)), ("periodTo", Day(Today.AddDays(-5)))), userAadId: Owner);
        Assert.Contains("Please fix", answer.Shown, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(answer.Card!.ToJsonString()), 1, (28 * 1024) - 1);
    }
}
