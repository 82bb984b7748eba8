using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Assessments.Steps;
using AimsBot.Host.Tests.Register;
using AimsBot.Host.Tests.Support;
using AimsBot.Storage;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Users;
using AimsBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Steps;

/// <summary>
/// The production host on a clock at a stated instant with a recording ledger, an AI system "Credit Scorer" owned by
/// <see cref="Owner"/>, a colleague the bot can write to, and helpers to say a command and press a step card's
/// buttons the way Teams does (the button's data merged with every input's current value). <see cref="RestartAsync"/>
/// replaces the host with a new one on the same tables.
/// </summary>
public abstract class AssessmentHostTest : IAsyncLifetime
{
    protected const string Tenant = ProtocolHarness.Tenant;
    protected const string Lead = ProtocolHarness.ComplianceLeadId;
    protected const string Owner = "aad-owner-0001";
    protected const string OwnerUpn = "olga@contoso.example";
    protected const string Colleague = "aad-colleague-0004";
    protected const string ColleagueUpn = "sam@contoso.example";
    protected const string Stranger = "aad-stranger-0009";
    protected const string SystemName = "Credit Scorer";
    protected const string SystemId = "credit-scorer";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string? _tablePrefix;

    /// <summary>Starts at <see cref="TestClock.Default"/> and runs on: the host paces its replies on this clock.</summary>
    protected RunningClock Clock { get; } = new(TestClock.Default);

    protected RecordingLedger Ledger { get; } = new();

    protected ProtocolHarness Bot { get; private set; } = null!;

    protected ImpactAssessmentRepository Assessments => Bot.Factory.Services.GetRequiredService<ImpactAssessmentRepository>();

    public async Task InitializeAsync()
    {
        Bot = NewHarness();
        await Bot.InitializeAsync();
        _tablePrefix = Bot.Factory.Services.GetRequiredService<IConfiguration>()["Storage:TablePrefix"];
        await RecordUserAsync(Owner, "Olga Owner", OwnerUpn);
        await RecordUserAsync(Colleague, "Sam Colleague", ColleagueUpn);
        await AddSystemAsync();
    }

    public Task DisposeAsync() => Bot.DisposeAsync();

    /// <summary>Stops the host and starts a new one on the same tables (and the same ledger and clock).</summary>
    protected async Task RestartAsync()
    {
        await Bot.DisposeAsync();
        Bot = NewHarness(new Dictionary<string, string?> { ["Storage:TablePrefix"] = _tablePrefix });
        await Bot.InitializeAsync();
    }

    /// <summary>Says a command and returns the reply: its text, or its card.</summary>
    protected async Task<JsonNode> SayAsync(string text, string userAadId = Owner)
    {
        var activity = Named(Bot.Activity("message", text, userAadId: userAadId), userAadId);
        var response = await Bot.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = activity["id"]!.ToString();
        var replies = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + id, StringComparison.Ordinal));
        return Assert.Single(replies).Json!;
    }

    /// <summary>Says <c>assess Credit Scorer</c> and returns the card it answers with.</summary>
    protected async Task<JsonNode> AssessAsync(string userAadId = Owner)
    {
        var reply = await SayAsync($"assess {SystemName}", userAadId);
        return reply["attachments"]?[0]?["content"] ?? throw new InvalidOperationException("No card: " + (string?)reply["text"]);
    }

    /// <summary>The data Teams sends for a button: its data, every input's current value, then <paramref name="inputs"/> typed over them.</summary>
    protected static JsonObject Press(JsonNode card, string verb, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var action = Actions(card).FirstOrDefault(a => (string?)a["verb"] == verb) ?? throw new InvalidOperationException($"The card has no '{verb}' button.");
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var input in Inputs(card))
        {
            if ((string?)input["value"] is { } value)
            {
                data[(string)input["id"]!] = value;
            }
        }

        foreach (var (name, value) in inputs ?? new Dictionary<string, string>())
        {
            data[name] = value;
        }

        return data;
    }

    /// <summary>Presses an Action.Execute button and returns the invoke's answer body.</summary>
    protected async Task<JsonNode> InvokeAsync(string verb, JsonObject data, string userAadId = Owner)
    {
        var invoke = Named(Bot.Activity("invoke", userAadId: userAadId), userAadId);
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = "manual",
        };
        var response = await Bot.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Presses a button with answers typed (question id → value) and returns the card that replaces it.</summary>
    protected async Task<JsonNode> StepAsync(JsonNode card, string verb, IReadOnlyDictionary<string, string>? answers = null, string userAadId = Owner, IReadOnlyDictionary<string, string>? extra = null)
    {
        var answer = await InvokeAsync(verb, Press(card, verb, Typed(answers, extra)), userAadId);
        Assert.True((int)answer["statusCode"]! == 200, answer.ToJsonString());
        return answer["value"]!;
    }

    protected static Dictionary<string, string> Typed(IReadOnlyDictionary<string, string>? answers, IReadOnlyDictionary<string, string>? extra = null)
    {
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (question, value) in answers ?? new Dictionary<string, string>())
        {
            typed[AssessmentStepCards.InputPrefix + question] = value;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            typed[name] = value;
        }

        return typed;
    }

    /// <summary>Answers every step with <see cref="SampleAnswers"/> (Next after each) and returns the last step's card.</summary>
    protected async Task<JsonNode> AnswerEveryStepAsync(JsonNode card, string userAadId = Owner)
    {
        foreach (var (section, answers) in SampleAnswers.BySection.SkipLast(1))
        {
            Assert.Contains($"— {SampleAnswers.Titles[section]}", Shown(card), StringComparison.Ordinal);
            card = await StepAsync(card, AssessmentStepCards.NextVerb, answers, userAadId);
        }

        Assert.Contains($"Step 8 of 8 — {SampleAnswers.Titles["conclusions"]}", Shown(card), StringComparison.Ordinal);
        return card;
    }

    protected static string Shown(JsonNode? node) => node?.ToJsonString(Readable) ?? "";

    protected async Task<StoredAssessment> StoredAsync(int version = 1) =>
        await Assessments.GetAsync(Tenant, SystemId, version) ?? throw new InvalidOperationException("No stored assessment.");

    protected async Task<IReadOnlyList<OutboxMessage>> OutboxAsync()
    {
        var list = new List<OutboxMessage>();
        await foreach (var m in Bot.Factory.Services.GetRequiredService<TableStore>().Table<OutboxMessage>(OutboxStore.TableName).QueryPartitionAsync(Tenant))
        {
            list.Add(m);
        }

        return list;
    }

    /// <summary>The card inside a queued outbox message.</summary>
    protected static JsonNode OutboxCard(OutboxMessage message) => JsonNode.Parse(message.ActivityJson)!["attachments"]![0]!["content"]!;

    protected Task RecordReachableAsync(string aadId, string name, string upn) =>
        Bot.Users.RecordSightingAsync(new UserSighting(Tenant, aadId, "29:" + aadId, name, upn, "28:bot", "a:1to1-" + aadId, Bot.ServiceUrl, "Europe/London", Clock.GetUtcNow()), installed: true);

    private Task RecordUserAsync(string aadId, string name, string upn) =>
        Bot.Users.RecordSightingAsync(new UserSighting(Tenant, aadId, "29:" + aadId, name, upn, null, null, Bot.ServiceUrl, "Europe/London", Clock.GetUtcNow()), installed: false);

    private async Task AddSystemAsync()
    {
        var form = (await SayAsync("system add", Lead))["attachments"]![0]!["content"]!;
        var data = Press(form, "register.system.add", new Dictionary<string, string>
        {
            ["name"] = SystemName,
            ["description"] = "Scores consumer loan applications from bureau data.",
            ["intendedUse"] = "Decision support for credit officers.",
            ["roles"] = "Developer",
            ["stage"] = "Operation",
            ["riskTier"] = "High",
            ["owner"] = OwnerUpn,
        });
        var answer = await InvokeAsync("register.system.add", data, Lead);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)answer["type"]);
    }

    /// <summary>The activity with the person's own name (Teams sends it with every activity; the bot records it).</summary>
    private static JsonObject Named(JsonObject activity, string userAadId)
    {
        activity["from"]!["name"] = userAadId switch
        {
            Owner => "Olga Owner",
            Colleague => "Sam Colleague",
            Lead => "Lee Lead",
            _ => "Stan Stranger",
        };
        return activity;
    }

    private ProtocolHarness NewHarness(Dictionary<string, string?>? settings = null) => new()
    {
        Clock = Clock,
        Settings = settings ?? new Dictionary<string, string?>(),
        ConfigureServices = services => services.AddSingleton<ILedgerStore>(Ledger),
    };

    private static IEnumerable<JsonNode> Actions(JsonNode card)
    {
        foreach (var action in card["actions"]?.AsArray() ?? [])
        {
            yield return action!;
            if (action!["card"] is { } shown)
            {
                foreach (var inner in Actions(shown))
                {
                    yield return inner;
                }
            }
        }

        foreach (var element in card["body"]?.AsArray() ?? [])
        {
            if ((string?)element!["type"] == "ActionSet")
            {
                foreach (var action in element["actions"]!.AsArray())
                {
                    yield return action!;
                }
            }
        }
    }

    private static IEnumerable<JsonNode> Inputs(JsonNode card) =>
        (card["body"]?.AsArray() ?? []).Where(e => ((string?)e!["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true)!;
}
