using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Host.Tests.Register;
using AimsBot.Nudges;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// The real host with a fake clock as its TimeProvider, two more compliance leads (one of whom owns controls),
/// and helpers to seed an owner's due controls, build their nudge card from live state and press its buttons.
/// </summary>
public abstract class NudgeHostTest : RegisterHostTest
{
    protected const string SecondLead = "aad-lead-0002";
    protected const string OwnerLead = "aad-owner-lead-0003";
    protected const string Colleague = "aad-colleague-0004";
    protected const string ColleagueUpn = "sam@contoso.example";

    /// <summary>The host's clock starts at <see cref="TestClock.Default"/>; a test may move it (forward) to another stated instant before it seeds anything.</summary>
    protected NudgeHostTest()
        : this(new FakeTimeProvider(TestClock.Default))
    {
    }

    private NudgeHostTest(FakeTimeProvider clock)
        : base(
            new Dictionary<string, string?> { ["Roles:ComplianceLeads"] = $"{Lead},{SecondLead},{OwnerLead}", ["Nudges:MaxSnoozes"] = "2" },
            null,
            clock) =>
        Clock = clock;

    protected FakeTimeProvider Clock { get; }

    protected NudgeStateStore NudgeRows => Bot.Factory.Services.GetRequiredService<NudgeStateStore>();

    protected DateOnly Today => DueDateCalculator.Today(Clock, TimeZoneInfo.Utc);

    /// <summary>A control the owner holds in the organisation scope, quarterly, with no evidence, created long enough ago to be overdue by <paramref name="overdueDays"/>.</summary>
    protected async Task<NudgeItemKey> SeedDueAsync(string controlId, string owner = Owner, int overdueDays = 3, string? systemId = null)
    {
        var scope = systemId is null ? ControlScope.Organization : ControlScope.ForSystem(systemId);
        var lead = Actor.Create(Lead, Role.ComplianceLead);

        // A control with no evidence yet is first due 30 days after its schedule started (the first-due rule), sooner
        // than a quarter: created 30 days before the due date.
        var due = Today.AddDays(-overdueDays);
        var started = due.AddDays(-DueDateCalculator.FirstEvidenceGraceDays);

        var created = new DateTimeOffset(started.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var instance = ControlInstance.Create(scope, ControlId.Parse(controlId), lead, new FixedClock(created), TimeZoneInfo.Utc, EvidenceCadence.Quarterly)
            .Bind(i => i.AssignOwner(owner, TimeZoneInfo.Utc, lead)).Value!;
        await Controls.ModifyAsync(Tenant, scope, instance.ControlId, _ => Domain.Result.Success(new ControlUpdate(instance, owner == Owner ? "Dana Owner" : "Olivia Owner-Lead")));
        Assert.Equal(due, instance.NextDue);
        return new NudgeItemKey(scope, instance.ControlId, due);
    }

    /// <summary>The owner's card as the scan would send it: built by <see cref="NudgeCards.ForOwner"/> from live state.</summary>
    protected async Task<JsonNode> OwnerCardAsync(string owner, params NudgeItemKey[] items)
    {
        var view = await Bot.Factory.Services.GetRequiredService<NudgeLiveCards>().ViewAsync(Tenant, owner, "Dana Owner", "29:user-" + owner, items, CancellationToken.None);
        return JsonNode.Parse(NudgeCards.ForOwner(view.Model).ToJson())!;
    }

    /// <summary>
    /// The data an Execute button with <paramref name="verb"/> for <paramref name="controlId"/> sends, with the
    /// given inputs as Teams merges them (input ids carry the item's slot, added here).
    /// </summary>
    protected static JsonObject Press(JsonNode card, string verb, string controlId, params (string Name, string Value)[] inputs)
    {
        var action = Executes(card).FirstOrDefault(a => (string?)a["verb"] == verb && (string?)a["data"]?["controlId"] == controlId)
            ?? throw new InvalidOperationException($"The card has no '{verb}' button for {controlId}.");
        var data = action["data"]!.DeepClone().AsObject();
        var slot = (string)data["slot"]!;
        foreach (var (name, value) in inputs)
        {
            data[name + slot] = value;
        }

        return data;
    }

    /// <summary>Every Action.Execute on a card, inside show-cards and action sets too.</summary>
    protected static IEnumerable<JsonObject> Executes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if ((string?)o["type"] == "Action.Execute")
                {
                    yield return o;
                }

                foreach (var (_, child) in o)
                {
                    foreach (var found in Executes(child))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var found in Executes(child))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    protected Task<NudgeStateRow> RowAsync(NudgeItemKey key) =>
        NudgeRows.GetOrNewAsync(RegisterKeys.ControlPartition(Tenant, key.Scope), key.ControlId.Value, key.Due);

    protected async Task<IReadOnlyList<OutboxMessage>> OutboxAsync()
    {
        var list = new List<OutboxMessage>();
        await foreach (var m in Bot.Factory.Services.GetRequiredService<TableStore>().Table<OutboxMessage>(OutboxStore.TableName).QueryPartitionAsync(Tenant))
        {
            list.Add(m);
        }

        return list;
    }

    /// <summary>Someone who has chatted with the bot 1:1 (so proactive messages can reach them).</summary>
    protected Task RecordReachableAsync(string aadId, string name, string upn) =>
        Bot.Users.RecordSightingAsync(new UserSighting(Tenant, aadId, "29:" + aadId, name, upn, "28:bot", "a:1to1-" + aadId, Bot.ServiceUrl, "Europe/London", Clock.GetUtcNow()), installed: true);

    protected static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
