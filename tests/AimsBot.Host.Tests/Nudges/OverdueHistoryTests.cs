using AimsBot.Domain.Catalogue;
using AimsBot.Nudges;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// <c>overdue [since …] [until …]</c> through the real host, on a fake clock started at Monday 23 November 2026, 10:00
/// UTC: periods nudged, snoozed, escalated and evidenced by the scan and the owner's card, read back as their story.
/// </summary>
public sealed class OverdueHistoryTests : NudgeHostTest
{
    private DueScan Scan => Bot.Factory.Services.GetRequiredService<DueScan>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RecordReachableAsync(Owner, "Dana Owner", "dana@contoso.example");
    }

    [Fact]
    public async Task A_period_nudged_snoozed_escalated_then_evidenced_tells_its_story_and_one_still_overdue_says_so()
    {
        var evidenced = await SeedDueAsync("A.2.2", overdueDays: 3); // due 20 November
        await SeedDueAsync("A.3.2", overdueDays: 3);

        await Scan.RunAsync(); // 23 November: the first reminder
        Clock.Advance(TimeSpan.FromHours(1));
        var snoozed = await InvokeAsync(NudgeCards.SnoozeVerb, Press(await OwnerCardAsync(Owner, evidenced), NudgeCards.SnoozeVerb, "A.2.2", ("snooze", "1d")), userAadId: Owner);
        Assert.Equal(200, snoozed.StatusCode);
        Clock.Advance(TimeSpan.FromDays(4) - TimeSpan.FromHours(1)); // 27 November: 7 days overdue, the snooze is over
        await Scan.RunAsync();
        Clock.Advance(TimeSpan.FromDays(1)); // 28 November: the owner gives evidence from the card
        var data = Press(await OwnerCardAsync(Owner, evidenced), NudgeCards.EvidenceVerb, "A.2.2", ("kind", "Note"), ("description", "Reviewed in the AI board"), ("periodFrom", Day(Today.AddDays(-60))), ("periodTo", Day(Today)));
        Assert.Equal(200, (await InvokeAsync(NudgeCards.EvidenceVerb, data, userAadId: Owner)).StatusCode);
        Clock.Advance(TimeSpan.FromDays(2)); // 30 November

        var answer = await SayAsync("overdue since 2026-11-01 until 2026-11-30", userAadId: Auditor);

        var shown = answer.Shown;
        Assert.Contains("Overdue between 2026-11-01 and 2026-11-30", shown, StringComparison.Ordinal);
        Assert.Contains("2 control periods were overdue", shown, StringComparison.Ordinal);
        var story = Between(shown, "**A.2.2**", "**A.3.2**");
        Assert.Contains("Due 2026-11-20, overdue from 2026-11-21.", story, StringComparison.Ordinal);
        Assert.Contains("Reminders: 2 (2026-11-23, 2026-11-27)", story, StringComparison.Ordinal);
        Assert.Contains("Snoozes: 2026-11-23 snoozed until 2026-11-24 11:00 UTC", story, StringComparison.Ordinal);
        Assert.Contains("Escalated: 2026-11-27 level 1 to the compliance leads", story, StringComparison.Ordinal);
        Assert.Contains("Ended 2026-11-28 by evidence from Dana Owner: \\\"Reviewed in the AI board\\\" (8 days overdue)", story, StringComparison.Ordinal);
        var open = shown[shown.IndexOf("**A.3.2**", StringComparison.Ordinal)..];
        Assert.Contains("**Still overdue** (10 days overdue)", open, StringComparison.Ordinal);
        Assert.Contains(Ledger.Events, e => e.Action == "audit.query" && e.ActorId == Auditor && e.After!.Contains("overdue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_window_is_the_last_90_days_and_a_window_before_anything_was_due_is_empty()
    {
        await SeedDueAsync("A.2.2", overdueDays: 3);
        await Scan.RunAsync();

        // A second apart: outbound pacing runs on the host's (fake) clock, which must move for a third reply to go.
        var recent = await SayAsync("overdue", userAadId: Lead);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var before = await SayAsync("overdue since 2026-01-01 until 2026-03-31", userAadId: Lead);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var justBefore = await SayAsync("overdue until 2026-11-20", userAadId: Lead); // due that day: overdue only from the 21st

        Assert.Contains("Overdue between 2026-08-25 and 2026-11-23", recent.Shown, StringComparison.Ordinal);
        Assert.Contains("**A.2.2**", recent.Shown, StringComparison.Ordinal);
        Assert.Equal("No control was overdue between 2026-01-01 and 2026-03-31.", before.Text);
        Assert.Equal("No control was overdue between 2026-08-22 and 2026-11-20.", justBefore.Text);
    }

    [Theory]
    [InlineData("overdue since 2026-02-30", "'2026-02-30' is not a date: write it as yyyy-mm-dd")]
    [InlineData("overdue since 1/2/2026", "'1/2/2026' is not a date")]
    [InlineData("overdue since 2026-12-01 until 2026-11-01", "The window ends (2026-11-01) before it starts (2026-12-01)")]
    [InlineData("overdue last month", "I can't read 'last month'")]
    [InlineData("overdue since 2026-01-01 since 2026-02-01", "Say **since** once.")]
    public async Task Bad_dates_and_words_get_a_friendly_answer_and_show_nothing(string command, string expected)
    {
        await SeedDueAsync("A.2.2", overdueDays: 3);
        await Scan.RunAsync();

        var answer = await SayAsync(command, userAadId: Lead);

        Assert.Null(answer.Card);
        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_owner_is_refused()
    {
        await SeedDueAsync("A.2.2", overdueDays: 3);
        await Scan.RunAsync();

        var answer = await SayAsync("overdue", userAadId: Owner);

        Assert.Contains("not available to you", answer.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("A.2.2", answer.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twelve_overdue_periods_come_ten_then_two_with_More_and_the_button_is_the_askers_alone()
    {
        var controls = AnnexA.Controls.Take(12).Select(c => c.Id).ToList();
        foreach (var control in controls)
        {
            // 8 days overdue: each is escalated (a card reminds of at most 5 controls, so some get no reminder yet).
            await SeedDueAsync(control, overdueDays: 8);
        }

        await Scan.RunAsync();

        var first = await SayAsync("overdue", userAadId: Lead);
        var more = Executes(first.Card).Single(a => (string?)a["verb"] == OverdueCards.MoreVerb)["data"]!.AsObject();
        var stolen = await InvokeAsync(OverdueCards.MoreVerb, more, userAadId: Auditor);
        var next = await InvokeAsync(OverdueCards.MoreVerb, more, userAadId: Lead);

        Assert.Contains("12 control periods were overdue", first.Shown, StringComparison.Ordinal);
        Assert.Equal(10, controls.Count(c => first.Shown.Contains($"**{c}**", StringComparison.Ordinal)));
        Assert.Equal(403, stolen.StatusCode);
        Assert.Equal(200, next.StatusCode);
        Assert.Equal(2, controls.Count(c => next.Shown.Contains($"**{c}**", StringComparison.Ordinal)));
        Assert.Contains("End of the list: 12 periods.", next.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Executes(next.Card), a => (string?)a["verb"] == OverdueCards.MoreVerb);
    }

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        var end = text.IndexOf(to, start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"'{from}' before '{to}' in {text}");
        return text[start..end];
    }
}
