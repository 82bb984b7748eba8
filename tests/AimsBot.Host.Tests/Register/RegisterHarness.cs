using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Support;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Register;

/// <summary>
/// The production host (through <see cref="ProtocolHarness"/>) with a recording ledger, and helpers to talk to
/// the register as a person would: say a command and read the reply, press a card button and read the answer.
/// </summary>
public abstract class RegisterHostTest : IAsyncLifetime
{
    protected const string Lead = ProtocolHarness.ComplianceLeadId;
    protected const string Auditor = ProtocolHarness.AuditorId;
    protected const string Owner = "aad-owner-0001";
    protected const string Tenant = ProtocolHarness.Tenant;

    protected RegisterHostTest()
        : this(null, null)
    {
    }

    /// <summary>With extra host settings (see <see cref="ProtocolHarness.Settings"/>).</summary>
    protected RegisterHostTest(IDictionary<string, string?> settings)
        : this(settings, null)
    {
    }

    /// <summary>
    /// A host with extra settings and service registrations (applied after the recording ledger), and optionally
    /// its clock (see <see cref="ProtocolHarness.Clock"/>; null keeps the system clock).
    /// </summary>
    protected RegisterHostTest(IDictionary<string, string?>? settings, Action<IServiceCollection>? configureServices, TimeProvider? clock = null) =>
        Bot = new ProtocolHarness
        {
            Clock = clock,
            Settings = settings ?? new Dictionary<string, string?>(),
            ConfigureServices = services =>
            {
                services.AddSingleton<ILedgerStore>(Ledger);
                configureServices?.Invoke(services);
            },
        };

    protected ProtocolHarness Bot { get; }
    protected RecordingLedger Ledger { get; } = new();

    protected AiSystemRepository Systems => Bot.Factory.Services.GetRequiredService<AiSystemRepository>();
    protected ControlInstanceRepository Controls => Bot.Factory.Services.GetRequiredService<ControlInstanceRepository>();
    protected EvidenceRepository Evidence => Bot.Factory.Services.GetRequiredService<EvidenceRepository>();

    public virtual Task InitializeAsync() => Bot.InitializeAsync();

    public Task DisposeAsync() => Bot.DisposeAsync();

    /// <summary>Sends a chat message and returns the bot's reply: its text, or its card's JSON.</summary>
    protected async Task<Reply> SayAsync(string text, string userAadId = Lead, Action<JsonObject>? edit = null)
    {
        var activity = Bot.Activity("message", text, userAadId: userAadId);
        edit?.Invoke(activity);
        var response = await Bot.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = activity["id"]!.ToString();
        var replies = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + id, StringComparison.Ordinal));
        var reply = Assert.Single(replies);
        return new Reply(reply.Json!);
    }

    /// <summary>Presses an Action.Execute button and returns the invoke answer's body.</summary>
    protected async Task<InvokeAnswer> InvokeAsync(string verb, JsonObject data, string userAadId = Lead)
    {
        var response = await Bot.PostAsync(InvokeActivity(verb, data, userAadId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new InvokeAnswer(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    protected JsonObject InvokeActivity(string verb, JsonObject data, string userAadId = Lead)
    {
        var invoke = Bot.Activity("invoke", userAadId: userAadId);
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = "manual",
        };
        return invoke;
    }

    /// <summary>The data a card's Execute action carries, merged with input values as Teams does.</summary>
    protected static JsonObject Submit(JsonNode card, params (string Name, string Value)[] inputs)
    {
        var action = card["actions"]!.AsArray().Single(a => (string?)a!["type"] == "Action.Execute")!;
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (name, value) in inputs)
        {
            data[name] = value;
        }

        return data;
    }

    /// <summary>Adds an AI system through the <c>system add</c> form, as a compliance lead.</summary>
    protected async Task<InvokeAnswer> AddSystemAsync(string name, string owner = "", string roles = "Developer")
    {
        var form = await SayAsync("system add");
        var answer = await InvokeAsync("register.system.add", Submit(form.Card!, ("name", name), ("description", "Scores loan applications"), ("intendedUse", "Decision support"), ("roles", roles), ("stage", "Operation"), ("riskTier", "High"), ("owner", owner)));
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer.Type);
        return answer;
    }

    protected Task RecordUserAsync(string aadId, string name, string upn, string timeZone = "Pacific/Auckland") =>
        Bot.Users.RecordSightingAsync(new UserSighting(Tenant, aadId, "29:" + aadId, name, upn, null, null, Bot.ServiceUrl, timeZone, Bot.HostClock.GetUtcNow()), installed: false);

    protected Task<StoredControl?> ControlAsync(string controlId, string? systemId = null) =>
        Controls.GetAsync(Tenant, systemId is null ? ControlScope.Organization : ControlScope.ForSystem(systemId), ControlId.Parse(controlId));

    /// <summary>JSON as a person reads it (no \u escapes), for "contains" checks.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What the bot said: its text, or the card it sent.</summary>
    public sealed class Reply(JsonNode activity)
    {
        public string? Text => (string?)activity["text"];

        public JsonNode? Card => activity["attachments"]?[0]?["content"];

        /// <summary>Everything shown, for "contains" checks.</summary>
        public string Shown => Card?.ToJsonString(Readable) ?? Text ?? "";

        public int CardBytes => Card is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(Card.ToJsonString());
    }

    /// <summary>The body of an <c>adaptiveCard/action</c> answer.</summary>
    public sealed class InvokeAnswer(JsonNode body)
    {
        public int StatusCode => (int)body["statusCode"]!;

        public string? Type => (string?)body["type"];

        public JsonNode? Card => Type == "application/vnd.microsoft.card.adaptive" ? body["value"] : null;

        public string? ErrorMessage => (string?)body["value"]?["message"];

        public string Shown => body["value"]?.ToJsonString(Readable) ?? "";
    }
}
