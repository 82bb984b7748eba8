using AimsBot.Ledger;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>How a ledger event's before → after reads in the history card: field by field, in words, people by name.</summary>
public sealed class ChangeSummaryTests
{
    private static readonly Func<string, string?> KnownPeople = id => id switch
    {
        "aad-dana" => "Dana Owner",
        "aad-lee" => "Lee Sun",
        "aad-lena" => "Lena Lead",
        _ => null,
    };

    private static string Text(string? before, string? after, TimeZoneInfo? zone = null) =>
        ChangeSummary.Text(before, after, KnownPeople, zone ?? TimeZoneInfo.Utc);

    [Theory]
    [InlineData("{\"status\":\"Partial\",\"owner\":\"aad-dana\"}", "{\"status\":\"Implemented\",\"owner\":\"aad-dana\"}", "Status: Partial → Implemented")]
    [InlineData(null, "{\"name\":\"Chatbot\",\"stage\":\"Design\",\"riskTier\":\"High\"}", "Name: Chatbot; Stage: Design; Risk tier: High")]
    [InlineData("{\"name\":\"Chatbot\"}", null, "Name: Chatbot → none")]
    [InlineData("{\"owner\":\"aad-dana\"}", "{\"owner\":\"aad-dana\",\"cadence\":\"Monthly\"}", "Cadence: none → Monthly")]
    [InlineData("{\"a\":1}", "{\"a\":1}", "no change")]
    [InlineData("{\"implementation\":\"NotStarted\"}", "{\"implementation\":\"Implemented\"}", "Implementation: Not started → Implemented")]
    [InlineData("{\"applicability\":\"Applicable\"}", "{\"applicability\":\"Excluded\"}", "Applicability: Applicable → Excluded")]
    [InlineData("{\"intact\":false}", "{\"intact\":true}", "Intact: no → yes")]
    [InlineData("draft", "final", "Value: draft → final")]
    [InlineData(null, null, "—")]
    public void Describes_what_changed_in_words(string? before, string? after, string expected) =>
        Assert.Equal(expected, Text(before, after));

    [Fact]
    public void An_owner_change_in_a_control_snapshot_names_both_people_from_the_names_stored_beside_the_state()
    {
        var before = """{"state":{"scopeKey":"org","controlId":"A.6.2.6","ownerUserId":"aad-dana","cadence":"Quarterly"},"ownerName":"Dana Owner"}""";
        var after = """{"state":{"scopeKey":"org","controlId":"A.6.2.6","ownerUserId":"aad-x","cadence":"Quarterly"},"ownerName":"Lee Sun"}""";

        var lines = ChangeSummary.Describe(before, after, _ => null, TimeZoneInfo.Utc);

        Assert.Equal([new ChangeLine("Owner", "Dana Owner", "Lee Sun")], lines);
    }

    [Fact]
    public void People_without_a_stored_name_are_named_through_the_users_the_bot_knows_and_unknown_ids_stay_ids()
    {
        Assert.Equal("Decided by: none → Lena Lead", Text("""{"state":{"decidedBy":null}}""", """{"state":{"decidedBy":"aad-lena"}}"""));
        Assert.Equal("Submitted by: aad-stranger", Text(null, """{"submittedBy":"aad-stranger"}"""));
    }

    [Fact]
    public void An_exclusion_shows_the_whole_justification_the_decision_and_who_decided_when_in_the_readers_zone()
    {
        var justification = "We develop no AI of our own; every system is bought in and assessed under A.10. " + new string('x', 400);
        var before = """{"state":{"applicability":"Applicable","justification":null,"decidedBy":null,"decidedAt":null}}""";
        var after = $$"""{"state":{"applicability":"Excluded","justification":"{{justification}}","decidedBy":"aad-lena","decidedAt":"2026-11-23T10:00:00+00:00"},"decidedByName":"Lena Lead"}""";

        var lines = ChangeSummary.Describe(before, after, _ => null, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Contains(new ChangeLine("Applicability", "Applicable", "Excluded"), lines);
        Assert.Contains(new ChangeLine("Justification", "none", justification), lines);
        Assert.Contains(new ChangeLine("Decided by", "none", "Lena Lead"), lines);
        Assert.Contains(new ChangeLine("Decided on", "none", "2026-11-23 11:00"), lines);
    }

    [Fact]
    public void Line_breaks_are_flattened_and_nothing_is_shortened()
    {
        var text = Text("{\"note\":\"line one\\nline two\"}", "{\"note\":\"" + new string('x', 500) + "\"}");

        Assert.Equal("Note: line one line two → " + new string('x', 500), text);
    }

    [Theory]
    [InlineData("NotStarted", "Not started")]
    [InlineData("AiSystem", "AI system")]
    [InlineData("Excluded", "Excluded")]
    [InlineData("ComplianceLead", "Compliance lead")]
    [InlineData("not an enum", "not an enum")]
    public void Enum_names_read_as_words(string name, string words) => Assert.Equal(words, ChangeSummary.Words(name));
}
