using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Host.Tests.Assessments.Triggers;
using AimsBot.Storage.Assessments;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Questionnaires;

/// <summary>
/// <c>questionnaire load</c> with a JSON file attached in the 1:1 chat, and <c>questionnaires</c>, through the real
/// host: a valid new version is stored once, recorded and used by new assessments while running ones keep theirs; a
/// file with problems gets all of them on one card and stores nothing; a version never changes.
/// </summary>
public sealed class QuestionnaireLoadTests : TriggersHostTest
{
    private QuestionnaireRepository Stored => Bot.Factory.Services.GetRequiredService<QuestionnaireRepository>();

    [Fact]
    public async Task A_valid_version_is_stored_recorded_listed_and_becomes_the_one_new_assessments_start_with()
    {
        var reply = await LoadAsync(Version("2.0", "AI system impact assessment (2027)"));

        Assert.Contains("Loaded AI system impact assessment (2027), version 2.0", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("New impact assessments start with this version", reply.Shown, StringComparison.Ordinal);
        var stored = Assert.Single(await Stored.ListAsync(Tenant));
        Assert.Equal("impact-assessment@2.0", stored.Key);
        Assert.Equal(Lead, stored.LoadedBy);
        Assert.Equal(Clock.GetUtcNow(), stored.LoadedAt);
        Assert.Equal("questionnaire-v2.json", stored.FileName);

        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.QuestionnaireLoaded.Name, recorded.Action);
        Assert.Equal("impact-assessment@2.0", recorded.EntityId);
        Assert.Equal(Lead, recorded.ActorId);
        Assert.Contains("\"sha256\"", recorded.After, StringComparison.Ordinal);

        Assert.Equal("impact-assessment@2.0", (await Catalog.CurrentAsync(Tenant)).Key);
        Assert.Equal("AI system impact assessment (2027)", (await Catalog.GetAsync(Tenant, "impact-assessment@2.0"))!.Title);
        Assert.Same(QuestionnaireLoader.Shipped, await Catalog.GetAsync(Tenant, "impact-assessment@1.0"));

        var list = await SayAsync("questionnaires", Owner);
        Assert.Contains("impact-assessment@1.0", list.Shown, StringComparison.Ordinal);
        Assert.Contains("built into the bot", list.Shown, StringComparison.Ordinal);
        Assert.Contains("**impact-assessment@2.0** — current", list.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("**impact-assessment@1.0** — current", list.Shown, StringComparison.Ordinal);
        Assert.Contains("loaded by Dana Owner on 2026-11-23", list.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assessment_under_way_keeps_its_version_while_new_ones_take_the_one_loaded_last()
    {
        // Started on the built-in version before the new one was loaded.
        var system = await SystemAsync("Credit Scorer");
        await DraftAsync(system.Id);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await LoadAsync(Version("2.0", "Impact assessment, second edition"));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await LoadAsync(Version("2.1", "Impact assessment, second edition revised"), "questionnaire-v2.1.json");

        var running = (await Assessments.GetLatestAsync(Tenant, system.Id))!.State;
        var its = await Catalog.GetAsync(Tenant, $"{running.QuestionnaireId}@{running.QuestionnaireVersion}");
        Assert.Same(QuestionnaireLoader.Shipped, its);
        Assert.True(ImpactAssessment.Restore(running, its!).IsSuccess);
        Assert.Equal("impact-assessment@2.1", (await Catalog.CurrentAsync(Tenant)).Key);

        // Each version is still there for the assessments that started with it.
        Assert.Equal("Impact assessment, second edition", (await Catalog.GetAsync(Tenant, "impact-assessment@2.0"))!.Title);
        Assert.Null(await Catalog.GetAsync(Tenant, "impact-assessment@9.9"));
    }

    [Fact]
    public async Task Through_chat_a_new_assessment_asks_the_new_version_while_one_started_before_keeps_asking_its_own()
    {
        await SystemAsync("Credit Scorer");
        await SystemAsync("Fraud Watch");
        var before = await SayAsync("assess Credit Scorer", Owner);
        Assert.Contains("Step 1 of 8 — The system and its intended use", before.Shown, StringComparison.Ordinal);

        var json = JsonNode.Parse(Version("2.0", "Impact assessment, second edition"))!.AsObject();
        json["sections"]![0]!["title"] = "The system, its purpose and its users";
        await LoadAsync(json.ToJsonString());

        var fresh = await SayAsync("assess Fraud Watch", Owner);
        var resumed = await SayAsync("assess Credit Scorer", Owner);

        Assert.Contains("Step 1 of 8 — The system, its purpose and its users", fresh.Shown, StringComparison.Ordinal);
        Assert.Equal("2.0", (await Assessments.GetLatestAsync(Tenant, "fraud-watch"))!.State.QuestionnaireVersion);
        Assert.Contains("Step 1 of 8 — The system and its intended use", resumed.Shown, StringComparison.Ordinal);
        Assert.Equal("1.0", (await Assessments.GetLatestAsync(Tenant, "credit-scorer"))!.State.QuestionnaireVersion);
    }

    [Fact]
    public async Task A_file_with_problems_gets_every_problem_on_one_card_and_nothing_is_stored()
    {
        var json = Shipped();
        json["version"] = "2";
        json.Remove("title");
        var firstQuestion = json["sections"]![0]!["questions"]![0]!.AsObject();
        firstQuestion["kind"] = "essay";
        json["sections"]![1]!["colour"] = "blue";

        var reply = await LoadAsync(json.ToJsonString());

        var shown = reply.Shown;
        Assert.Contains("not loaded", shown, StringComparison.Ordinal);
        Assert.Contains("so I stored nothing", shown, StringComparison.Ordinal);
        Assert.Contains("The version '2' must be major.minor", shown, StringComparison.Ordinal);
        Assert.Contains("'essay' is not one I know", shown, StringComparison.Ordinal);
        Assert.Contains("'colour' is not a field I know", shown, StringComparison.Ordinal);
        Assert.Contains("title", shown, StringComparison.Ordinal);
        // Where each problem is, as a path into the file.
        Assert.Contains(".kind", shown, StringComparison.Ordinal);
        Assert.Empty(await Stored.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
        Assert.Same(QuestionnaireLoader.Shipped, await Catalog.CurrentAsync(Tenant));

        var notJson = await LoadAsync("{ \"id\": \"impact-assessment\", ");
        Assert.Contains("not valid JSON", notJson.Shown, StringComparison.Ordinal);
        Assert.Empty(await Stored.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_version_never_changes_other_content_is_refused_and_the_same_content_again_changes_nothing()
    {
        await LoadAsync(Version("2.0", "Second edition"));
        Clock.Advance(TimeSpan.FromMinutes(20));

        var changed = await LoadAsync(Version("2.0", "Second edition, quietly reworded"));
        Assert.Contains("not loaded", changed.Shown, StringComparison.Ordinal);
        Assert.Contains("A version never changes", changed.Shown, StringComparison.Ordinal);
        Assert.Contains("loaded by Dana Owner on 2026-11-23", changed.Shown, StringComparison.Ordinal);

        // The same content, laid out differently, is the same version: nothing changes.
        var again = await LoadAsync(JsonNode.Parse(Version("2.0", "Second edition"))!.ToJsonString());
        Assert.Contains("already loaded", again.Shown, StringComparison.Ordinal);

        var shipped = await LoadAsync(Version("1.0", "The built-in version, edited"));
        Assert.Contains("impact-assessment@1.0 is the version built into the bot", shipped.Shown, StringComparison.Ordinal);

        var stored = Assert.Single(await Stored.ListAsync(Tenant));
        Assert.Equal("Second edition", stored.Title);
        Assert.Equal(TestClockStart, stored.LoadedAt);
        Assert.Equal("Second edition", (await Catalog.GetAsync(Tenant, "impact-assessment@2.0"))!.Title);
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task Only_a_compliance_lead_loads_only_a_json_file_and_only_in_the_1_to_1_chat()
    {
        var owner = await SayWithFileAsync("questionnaire load", "questionnaire.json", Serve("questionnaire.json", Version("2.0", "x")), Owner, "json");
        Assert.Contains("**questionnaire load** is not available to you", owner.Text, StringComparison.Ordinal);

        var csv = await SayWithFileAsync("questionnaire load", "questionnaire.csv", Serve("questionnaire.csv", "a,b"), Lead, "csv");
        Assert.Contains("is not a JSON file", csv.Text, StringComparison.Ordinal);

        var none = await SayAsync("questionnaire load");
        Assert.Contains("Attach the questionnaire file (JSON)", none.Text, StringComparison.Ordinal);

        var tooLarge = await SayWithFileAsync("questionnaire load", "big.json", Serve("big.json", new byte[QuestionnaireLoader.MaxFileBytes + 1]), Lead, "json");
        Assert.Contains("larger than 256 KB", tooLarge.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was loaded.", tooLarge.Text, StringComparison.Ordinal);

        Assert.Empty(await Stored.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    private static readonly DateTimeOffset TestClockStart = Testing.TestClock.Default;

    private Task<Reply> LoadAsync(string json, string fileName = "questionnaire-v2.json") =>
        SayWithFileAsync("questionnaire load", fileName, Serve(fileName, Encoding.UTF8.GetBytes(json)), Lead, "json");

    /// <summary>The built-in questionnaire as another version and title, laid out as a person would write it.</summary>
    private static string Version(string version, string title)
    {
        var json = Shipped();
        json["version"] = version;
        json["title"] = title;
        return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Shipped()
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(QuestionnaireLoader.ShippedResource)!;
        return JsonNode.Parse(stream)!.AsObject();
    }
}
