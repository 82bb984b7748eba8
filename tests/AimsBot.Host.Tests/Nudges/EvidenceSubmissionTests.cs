using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// Recording evidence is one operation with one form: <c>evidence add</c> and the nudge card's "Attach evidence"
/// refuse the same input with the same words and record the same thing for the same input.
/// </summary>
public sealed class EvidenceSubmissionTests : NudgeHostTest
{
    /// <summary>The same typed values, sent through <c>evidence add</c>'s form (for A.2.2) and through the nudge card (for A.3.2).</summary>
    private async Task<(EvidenceAnswer Add, EvidenceAnswer Nudge)> SubmitBothAsync(params (string Name, string Value)[] inputs)
    {
        var viaAdd = await SeedDueAsync("A.2.2");
        var viaNudge = await SeedDueAsync("A.3.2");

        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        var add = await InvokeAsync(EvidenceCards.AddVerb, Submit(form.Card!, inputs), userAadId: Owner);

        var card = await OwnerCardAsync(Owner, viaAdd, viaNudge);
        var nudge = await InvokeAsync(NudgeCards.EvidenceVerb, Press(card, NudgeCards.EvidenceVerb, "A.3.2", inputs), userAadId: Owner);

        return (
            new EvidenceAnswer(add.StatusCode, Problems(add.Card), (await Evidence.LatestAsync(Tenant, viaAdd.Scope, viaAdd.ControlId, 10)).SingleOrDefault()),
            new EvidenceAnswer(nudge.StatusCode, Problems(nudge.Card), (await Evidence.LatestAsync(Tenant, viaNudge.Scope, viaNudge.ControlId, 10)).SingleOrDefault()));
    }

    public static TheoryData<string, string, string, string, string, string> BadInputs() => new()
    {
        // kind, url, description, from (days from today), to, a problem the person must read
        { "Link", "http://intranet.example/policy", "typed", "-30", "-1", "must start with https://" },
        { "Link", "https://user:secret@intranet.example/policy", "", "-30", "-1", "contains a user name or password" },
        { "FileReference", "", "", "-30", "-1", "A file reference needs the https address of the file." },
        { "Note", "", "", "-30", "-1", "A note needs some text" },
        { "Attestation", "", "  ", "-30", "-1", "An attestation needs the statement you are attesting to." },
        { "Link", "https://intranet.example/policy", "", "-1", "-30", "after it ends" },
        { "Link", "https://intranet.example/policy", "", "-30", "+1", "can't end after today" },
        { "Link", "https://intranet.example/policy", "", "", "", "Say which period the evidence covers" },
        { "Link", "https://intranet.example/policy", "", "2025-02-30", "-1", "Dates must look like 2025-03-31." },
        { "Photograph", "https://intranet.example/policy", "", "-30", "-1", "Pick what kind of evidence this is" },
        { "Note", "", new string('x', EvidenceRecord.DescriptionMax + 1), "-30", "-1", $"at most {EvidenceRecord.DescriptionMax} characters" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Both_surfaces_refuse_the_same_bad_input_with_the_same_words_and_record_nothing(string kind, string url, string description, string from, string to, string expected)
    {
        var (add, nudge) = await SubmitBothAsync(("kind", kind), ("url", url), ("description", description), ("periodFrom", Date(from)), ("periodTo", Date(to)));

        Assert.Equal(200, add.Status);
        Assert.Equal(200, nudge.Status);
        Assert.NotNull(add.Problems);
        Assert.Contains(expected, add.Problems, StringComparison.Ordinal);
        Assert.Equal(add.Problems, nudge.Problems);
        Assert.Null(add.Recorded);
        Assert.Null(nudge.Recorded);
        Assert.Empty(Ledger.Events);
    }

    [Theory]
    [InlineData("Link", "https://intranet.example/policies/ai-v4", "Board-approved AI policy")]
    [InlineData("FileReference", "https://files.example/ai-policy.pdf", "")]
    [InlineData("Note", "", "Reviewed in the June AI board")]
    [InlineData("Attestation", "", "The policy was in force all quarter.")]
    public async Task Both_surfaces_record_the_same_evidence_for_the_same_input(string kind, string url, string description)
    {
        var (add, nudge) = await SubmitBothAsync(("kind", kind), ("url", url), ("description", description), ("periodFrom", Date("-30")), ("periodTo", Date("-1")));

        Assert.Equal(200, add.Status);
        Assert.Equal(200, nudge.Status);
        Assert.Null(add.Problems);
        Assert.Null(nudge.Problems);
        var a = add.Recorded!;
        var n = nudge.Recorded!;
        Assert.Equal(Enum.Parse<EvidenceKind>(kind), a.Kind);
        Assert.Equal(url.Length == 0 ? null : url, a.Url);
        Assert.Equal(description, a.Description);
        Assert.Equal(
            (a.Kind, a.Url, a.Description, a.PeriodFrom, a.PeriodTo, a.ValidUntil, a.SubmittedBy, a.SubmittedByName),
            (n.Kind, n.Url, n.Description, n.PeriodFrom, n.PeriodTo, n.ValidUntil, n.SubmittedBy, n.SubmittedByName));
        Assert.Equal(Today.AddDays(-30), n.PeriodFrom);
        Assert.Equal(Owner, n.SubmittedBy);
        Assert.Equal(2, Ledger.Events.Count(e => e.Action == LedgerEvents.EvidenceAdded.Name));
    }

    [Fact]
    public async Task The_nudge_card_shows_the_same_form_as_evidence_add_under_each_item()
    {
        var key = await SeedDueAsync("A.2.2");
        var form = await SayAsync("evidence add A.2.2", userAadId: Owner);
        var card = await OwnerCardAsync(Owner, key);

        var pressed = Executes(card).Single(a => (string?)a["verb"] == NudgeCards.EvidenceVerb);
        var slot = (string)pressed["data"]!["slot"]!;
        var onCard = Inputs(card).Where(i => ((string)i["id"]!).EndsWith(slot, StringComparison.Ordinal)).Select(i => (((string)i["id"]!)[..^slot.Length], (string?)i["label"])).ToList();
        var onForm = Inputs(form.Card!).Select(i => ((string)i["id"]!, (string?)i["label"])).ToList();

        Assert.Equal(["kind", "url", "description", "periodFrom", "periodTo"], onForm.Select(i => i.Item1));
        Assert.Equal(onForm, onCard.Where(i => onForm.Any(f => f.Item1 == i.Item1)).ToList());
    }

    [Fact]
    public async Task A_nudge_card_sent_before_the_forms_were_one_still_records_its_note()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);

        // Cards already in owners' chats call the description "note".
        var answer = await InvokeAsync(NudgeCards.EvidenceVerb, Press(card, NudgeCards.EvidenceVerb, "A.2.2",
            ("kind", "Note"), ("note", "Reviewed in the AI board"), ("periodFrom", Date("-30")), ("periodTo", Date("-1"))), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        var evidence = Assert.Single(await Evidence.LatestAsync(Tenant, key.Scope, key.ControlId, 10));
        Assert.Equal("Reviewed in the AI board", evidence.Description);
    }

    /// <summary>A date relative to today ("-30"), one as typed ("2025-02-30"), or nothing ("").</summary>
    private string Date(string value) =>
        value.Length == 0 || (value.Length == 10 && value.Contains('-', StringComparison.Ordinal))
            ? value
            : Day(Today.AddDays(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The "Please fix" line of a form shown again, or null when the card shows none.</summary>
    private static string? Problems(JsonNode? card) =>
        Descendants(card).Select(n => (string?)n["text"]).FirstOrDefault(t => t?.StartsWith("Please fix: ", StringComparison.Ordinal) == true);

    private static IEnumerable<JsonObject> Inputs(JsonNode card) =>
        Descendants(card).Where(n => ((string?)n["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var found in Descendants(child))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var found in Descendants(child))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    private sealed record EvidenceAnswer(int Status, string? Problems, StoredEvidence? Recorded);
}
