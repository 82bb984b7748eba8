using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Support;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// The production host with a fake clock as its TimeProvider (pacing keeps the real clock so sends are not held
/// by timers that never fire), recurring jobs parked, and helpers to seed controls and people and to read what
/// each person actually received through the fake connector.
/// </summary>
public abstract class NudgeScanHost : IAsyncLifetime
{
    protected const string Tenant = ProtocolHarness.Tenant;
    protected const string Lead = ProtocolHarness.ComplianceLeadId;

    /// <summary>Monday 23 November 2026, 10:00 UTC (<see cref="TestClock.Default"/>): working hours in London, 23:00 in Auckland.</summary>
    protected static readonly DateTimeOffset Start = TestClock.Default;

    protected NudgeScanHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            // The test decides when the scan and the drain run.
            ["Nudges:ScanCron"] = "0 0 1 1 *",
            ["Proactive:DrainCron"] = "0 0 1 1 *",
            // Controls never registered have no schedule here, so a scan counts only the controls a test seeds (and no
            // summary of the dozens of unregistered, unowned controls reaches the leads); UnownedDueScanTests sets it.
            ["Register:DefaultCadence"] = "none",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Bot = new ProtocolHarness
        {
            Settings = all,
            ConfigureServices = s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                s.AddSingleton(sp => new OutboundRateLimiter(sp.GetRequiredService<IOptions<PacingOptions>>(), TimeProvider.System));
                services?.Invoke(s);
            },
        };
    }

    protected FakeTimeProvider Clock { get; } = new(Start);
    protected ProtocolHarness Bot { get; }

    protected DueScan Scan => Bot.Factory.Services.GetRequiredService<DueScan>();
    protected OutboxStore Outbox => Bot.Factory.Services.GetRequiredService<OutboxStore>();
    protected OutboxSender Sender => Bot.Factory.Services.GetRequiredService<OutboxSender>();
    protected NudgeStateStore States => Bot.Factory.Services.GetRequiredService<NudgeStateStore>();
    protected ControlInstanceRepository Controls => Bot.Factory.Services.GetRequiredService<ControlInstanceRepository>();

    public virtual async Task InitializeAsync()
    {
        await Bot.InitializeAsync();
        Bot.Factory.Services.GetRequiredService<ITrustedServiceUrlRegistry>().Trust(Bot.ServiceUrl);
        await PersonAsync(Lead, "Lee Lead", "Europe/London");
    }

    public virtual Task DisposeAsync() => Bot.DisposeAsync();

    /// <summary>Someone the bot has a 1:1 chat with (conversation <c>a:chat-{id}</c>).</summary>
    protected Task PersonAsync(string aadId, string name, string timeZone = "Europe/London", bool withConversation = true) =>
        Bot.Users.RecordSightingAsync(
            new UserSighting(Tenant, aadId, "29:" + aadId, name, aadId + "@contoso.example", "28:bot", withConversation ? Conversation(aadId) : null, Bot.ServiceUrl, timeZone, Clock.GetUtcNow()),
            installed: withConversation);

    protected static string Conversation(string aadId) => "a:chat-" + aadId;

    /// <summary>
    /// A control whose evidence falls due on <paramref name="due"/>, owned by <paramref name="owner"/>, with due
    /// dates in <paramref name="zone"/>: monthly, or — for a month-end no monthly period reaches (31 December
    /// follows 30 November) — the shortest calendar cadence that ends on that day.
    /// </summary>
    protected async Task ControlAsync(string controlId, string? owner, DateOnly due, string zone = "Europe/London", string ownerName = "Olive Owner")
    {
        var (cadence, months) = new[] { ("monthly", 1), ("quarterly", 3), ("half-yearly", 6), ("yearly", 12) }
            .First(c => due.AddMonths(-c.Item2).AddMonths(c.Item2) == due);
        var noon = due.AddMonths(-months).ToDateTime(new TimeOnly(12, 0));
        var lastEvidence = new DateTimeOffset(noon, Domain.Scheduling.TimeZones.FindOrUtc(zone).GetUtcOffset(noon));
        var id = ControlId.Parse(controlId);
        var state = new ControlInstanceState("org", id.Value, AnnexA.Get(id).DefaultLayer, ApplicabilityStatus.Applicable, null, null, null,
            ImplementationStatus.Partial, owner, cadence, zone, lastEvidence.AddMonths(-6), lastEvidence.AddMonths(-6), lastEvidence);
        var instance = ControlInstance.Restore(state).Value!;
        Assert.Equal(due, instance.NextDue);
        var result = await Controls.ModifyAsync(Tenant, ControlScope.Organization, id, _ => Domain.Result.Success(new ControlUpdate(instance, owner is null ? null : ownerName)));
        Assert.True(result.IsSuccess, result.ErrorMessage);
    }

    protected static DateOnly Today => DateOnly.FromDateTime(Start.UtcDateTime);

    /// <summary>Drains the outbox to the fake connector, as the recurring drain would.</summary>
    protected Task DrainAsync() => Sender.DrainAsync();

    /// <summary>The messages a person received (proactive sends to their 1:1 chat), as activity JSON.</summary>
    protected IReadOnlyList<JsonNode> Received(string aadId) =>
        Bot.Connector.Requests
            .Where(r => r.Method == "POST" && r.Status is >= 200 and < 300 && r.Path.EndsWith("/conversations/" + Conversation(aadId) + "/activities", StringComparison.Ordinal))
            .Select(r => r.Json!)
            .ToList();

    /// <summary>What a received message shows: its text and card, for "contains" checks.</summary>
    protected static string Shown(JsonNode activity) =>
        (string?)activity["text"] + "\n" + activity["attachments"]?[0]?["content"]?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Says something in chat as <paramref name="aadId"/>, signed at the fake clock's time, and returns the reply.</summary>
    protected async Task<JsonNode> SayAsync(string text, string aadId)
    {
        var activity = Bot.Activity("message", text, userAadId: aadId);
        var token = TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl);
        var response = await Bot.PostAsync(activity, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = activity["id"]!.ToString();
        var replies = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + id, StringComparison.Ordinal), timeout: TimeSpan.FromSeconds(30));
        return Assert.Single(replies).Json!;
    }
}
