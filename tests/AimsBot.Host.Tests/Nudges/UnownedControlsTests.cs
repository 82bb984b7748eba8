using System.Text.RegularExpressions;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Host.Tests.Audit;
using AimsBot.Storage.Register;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Nudges;

/// <summary><c>controls unowned [system &lt;name&gt;]</c> through the real host, on a clock started at <see cref="TestClock.Default"/>.</summary>
public sealed partial class UnownedControlsCommandTests : AuditHostTest
{
    public UnownedControlsCommandTests()
        : base(new RunningClock(TestClock.Default))
    {
    }

    [Fact]
    public async Task The_organisation_lists_the_36_of_38_controls_without_an_owner_in_pages_with_what_each_is_for()
    {
        await SeedOwnedControlAsync("A.2.2", Owner);
        await SeedOwnedControlAsync("A.6.2.6", Owner);

        var first = await SayAsync("controls unowned", userAadId: Lead);
        Assert.Contains("36 applicable controls have no owner", first.Shown, StringComparison.Ordinal);
        Assert.Contains(AnnexA.Get(ControlId.Parse("A.2.3")).EvidenceHint, first.Shown, StringComparison.Ordinal);
        Assert.InRange(first.CardBytes, 1, 28 * 1024 - 1);
        var pages = new List<List<string>> { ControlIds(first.Shown) };
        var more = UnownedMore(first.Card);
        while (more is not null)
        {
            var next = await InvokeAsync("nudges.unowned.more", more, Lead);
            Assert.Equal(200, next.StatusCode);
            pages.Add(ControlIds(next.Shown));
            more = UnownedMore(next.Card);
        }

        var shown = pages.SelectMany(p => p).ToList();
        Assert.Equal(AnnexA.Controls.Select(c => c.Id).Where(id => id is not "A.2.2" and not "A.6.2.6"), shown);
        Assert.Equal([20, 16], pages.Select(p => p.Count));
    }

    [Fact]
    public async Task A_system_lists_only_the_controls_it_answers_itself_and_an_auditors_query_is_recorded()
    {
        await AddSystemAsync("Credit Scorer");

        var answer = await SayAsync("controls unowned system Credit Scorer", userAadId: Auditor);

        var ownLayer = AnnexA.Controls.Where(c => c.DefaultLayer == ControlLayer.AiSystem).Select(c => c.Id).ToList();
        Assert.Contains($"{ownLayer.Count} applicable controls have no owner", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("Controls of Credit Scorer with no owner", answer.Shown, StringComparison.Ordinal);
        Assert.Equal(ownLayer, ControlIds(answer.Shown));
        Assert.Contains(Ledger.Events, e => e.Action == "audit.query" && e.After!.Contains("controls unowned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_applicable_control_has_an_owner_it_says_so()
    {
        foreach (var control in AnnexA.Controls)
        {
            await SeedOwnedControlAsync(control.Id, Owner);
        }

        var answer = await SayAsync("controls unowned", userAadId: Lead);

        Assert.Equal("Every applicable control of the organisation has an owner.", answer.Text);
    }

    [Fact]
    public async Task A_plain_owner_is_refused()
    {
        await SeedOwnedControlAsync("A.2.2", Owner);

        var answer = await SayAsync("controls unowned", userAadId: Owner);

        Assert.Contains("not available to you", answer.Shown, StringComparison.Ordinal);
        Assert.Empty(ControlIds(answer.Shown));
    }

    [Fact]
    public async Task An_unknown_system_or_unreadable_words_get_a_friendly_answer()
    {
        var unknown = await SayAsync("controls unowned system Nope Scorer", userAadId: Lead);
        var garbled = await SayAsync("controls unowned please", userAadId: Lead);

        Assert.Contains("I don't know an AI system called 'Nope Scorer'", unknown.Shown, StringComparison.Ordinal);
        Assert.Contains("controls unowned system Credit Scorer", garbled.Shown, StringComparison.Ordinal);
        Assert.Null(garbled.Card);
    }

    [Fact]
    public async Task A_more_button_pressed_by_someone_else_shows_nothing()
    {
        var first = await SayAsync("controls unowned", userAadId: Lead);

        var stolen = await InvokeAsync("nudges.unowned.more", UnownedMore(first.Card)!, Auditor);

        Assert.Equal(403, stolen.StatusCode);
        Assert.Contains("someone else's", stolen.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<string> ControlIds(string shown) => [.. ControlIdOnCard().Matches(shown).Select(m => m.Groups[1].Value)];

    private static System.Text.Json.Nodes.JsonObject? UnownedMore(System.Text.Json.Nodes.JsonNode? card) =>
        card?["actions"]?.AsArray().SingleOrDefault(a => (string?)a!["verb"] == "nudges.unowned.more")?["data"]?.AsObject();

    [GeneratedRegex(@"\*\*(A\.[0-9]+(?:\.[0-9]+)*)\*\* ")]
    private static partial Regex ControlIdOnCard();
}
