using System.Text.Json.Nodes;
using AimsBot.Assessments;
using AimsBot.Assessments.Triggers;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Import;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Users;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Assessments.Triggers;

/// <summary>
/// The production host (Azurite, the local OpenID provider, the fake connector also serving attached files) with a
/// fake clock (pacing keeps the real one), the recurring scan and drain parked so a test runs them, and helpers to seed AI systems and assessment
/// versions and to read the cards queued in the outbox.
/// </summary>
public abstract class TriggersHostTest : ImportHostTest
{
    /// <summary>A colleague with no role: owns nothing unless a test says so.</summary>
    protected const string Colleague = "aad-colleague-0009";

    protected TriggersHostTest(IDictionary<string, string?>? settings = null)
        : this(new FakeTimeProvider(TestClock.Default), settings)
    {
    }

    private TriggersHostTest(FakeTimeProvider clock, IDictionary<string, string?>? settings)
        : base(
            Settings(settings),
            // Pacing keeps the real clock, so replies and sends are not held by timers of the fake one that never fire.
            services => services.AddSingleton(sp => new OutboundRateLimiter(sp.GetRequiredService<IOptions<PacingOptions>>(), TimeProvider.System)),
            clock) =>
        Clock = clock;

    /// <summary>Starts at <see cref="TestClock.Default"/> (Monday 23 November 2026, 10:00 UTC: working hours in London).</summary>
    protected FakeTimeProvider Clock { get; }

    protected OutboxStore Outbox => Bot.Factory.Services.GetRequiredService<OutboxStore>();
    protected DueScan Scan => Bot.Factory.Services.GetRequiredService<DueScan>();
    protected ImpactAssessmentRepository Assessments => Bot.Factory.Services.GetRequiredService<ImpactAssessmentRepository>();
    protected SignificantChangeRepository Changes => Bot.Factory.Services.GetRequiredService<SignificantChangeRepository>();
    protected QuestionnaireCatalog Catalog => Bot.Factory.Services.GetRequiredService<QuestionnaireCatalog>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Bot.Factory.Services.GetRequiredService<ITrustedServiceUrlRegistry>().Trust(Bot.ServiceUrl);
        await PersonAsync(Lead, "Lee Lead");
        await PersonAsync(Owner, "Olive Owner");
    }

    /// <summary>Someone the bot has a 1:1 chat with (conversation <c>a:chat-{id}</c>), in London.</summary>
    protected Task PersonAsync(string aadId, string name) =>
        Bot.Users.RecordSightingAsync(
            new UserSighting(Tenant, aadId, "29:" + aadId, name, aadId + "@contoso.example", "28:bot", "a:chat-" + aadId, Bot.ServiceUrl, "Europe/London", Clock.GetUtcNow()),
            installed: true);

    /// <summary>An AI system in the register as <c>system add</c> would store it, but without its side effects (no card, no ledger event).</summary>
    protected async Task<AiSystem> SystemAsync(string name, LifecycleStage stage = LifecycleStage.Operation, string owner = Owner, RiskTier tier = RiskTier.High)
    {
        var details = new AiSystemDetails(name, "Scores loan applications", "Decision support", [OrganizationRole.Developer], stage, owner, tier);
        var system = AiSystem.Create(details, Actor.Create(Lead, Role.ComplianceLead), Clock).Value!;
        await Systems.AddAsync(Tenant, system, owner == Owner ? "Olive Owner" : null, Lead, null);
        return system;
    }

    /// <summary>An approved version of a system's assessment whose next reassessment is due on <paramref name="nextDue"/>.</summary>
    protected Task ApprovedAsync(string systemId, DateOnly nextDue, int version = 1, DateTimeOffset? startedAt = null)
    {
        var started = startedAt ?? Clock.GetUtcNow().AddDays(-60);
        var decision = new AssessmentDecision(AssessmentDecisionKind.Approved, "aad-approver-0001", started.AddDays(5), null);
        return Assessments.AddAsync(Tenant, State(systemId, version, AssessmentStatus.Approved, started, started.AddDays(3), [decision], nextDue));
    }

    /// <summary>A version being answered (a draft), started at <paramref name="startedAt"/>.</summary>
    protected Task DraftAsync(string systemId, int version = 1, DateTimeOffset? startedAt = null, string questionnaireVersion = "1.0") =>
        Assessments.AddAsync(Tenant, State(systemId, version, AssessmentStatus.Draft, startedAt ?? Clock.GetUtcNow(), null, [], null, questionnaireVersion));

    /// <summary>The cards queued for <paramref name="userKey"/> with <paramref name="purpose"/>, as JSON text (for "contains" checks).</summary>
    protected async Task<IReadOnlyList<string>> QueuedAsync(string userKey, string purpose = AssessmentCalls.OwnerPurpose)
    {
        var rows = new List<string>();
        foreach (var state in new[] { OutboxStates.Pending, OutboxStates.Sending, OutboxStates.Sent, OutboxStates.Parked })
        {
            rows.AddRange((await Outbox.InStateAsync(Tenant, state))
                .Where(m => m.RecipientUserKey == userKey && m.Purpose == purpose)
                .Select(m => Readable(m.ActivityJson)));
        }

        return rows;
    }

    /// <summary>Moves the fake clock to 10:00 UTC on <paramref name="day"/> (forward only).</summary>
    protected void MoveTo(DateOnly day)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        Assert.True(target >= Clock.GetUtcNow(), "The clock only moves forward.");
        Clock.SetUtcNow(target);
    }

    protected DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    private static ImpactAssessmentState State(string systemId, int version, AssessmentStatus status, DateTimeOffset started, DateTimeOffset? submitted, IReadOnlyList<AssessmentDecision> decisions, DateOnly? nextDue, string questionnaireVersion = "1.0") =>
        new(
            Guid.CreateVersion7(started).ToString("N"), systemId, version, "impact-assessment", questionnaireVersion, Owner, status, decisions.Count + 3,
            new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(),
            new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>(), decisions,
            started, submitted, status == AssessmentStatus.Approved ? ImpactLevel.Medium : null, nextDue);

    private static string Readable(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // The test decides when the scan and the drain run.
            ["Nudges:ScanCron"] = "0 0 1 1 *",
            ["Proactive:DrainCron"] = "0 0 1 1 *",
            // Controls never registered have no schedule, so a scan only finds what the tests seed.
            ["Register:DefaultCadence"] = "none",
            ["Register:OrganizationTimeZone"] = "Europe/London",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
