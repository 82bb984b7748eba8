using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Nudges;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The nudge workflow's cards: what an owner receives, and what each card action turns it into. The samples
/// run in order against the sample host: the owner (the sample person) owns four overdue organisation controls.
/// </summary>
public static class NudgeCardSamples
{
    private const string Colleague = "3f1c2b9a-7d44-4e0b-9a51-0c6f1d2e8b77";
    private static readonly string[] Owned = ["A.2.3", "A.2.4", "A.3.2", "A.3.3"];

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("nudge-owner", ["NudgeCards.ForOwner"], h => Task.FromResult(NudgeCards.ForOwner(new NudgeCardModel(
            CardSampleHost.Tenant,
            "aad-sample-0001",
            "Dana Owner",
            [
                new DueControl("org", null, "A.6.2.6", "AI system operation and monitoring", new DateOnly(2026, 11, 20), new DueStatus(DueState.Overdue, -3), 0),
                new DueControl("credit-scorer", "Credit Scorer", "A.5.2", "AI system impact assessment process", new DateOnly(2026, 11, 27), new DueStatus(DueState.Upcoming, 4), 1),
            ],
            new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))))),
        new("nudge-refresh", ["verb:" + NudgeCards.RefreshVerb, "NudgeCards.Live"], async h =>
        {
            var keys = await SeedAsync(h);
            return await h.PressAsync(NudgeCards.RefreshVerb, h.Person(), new JsonObject { ["owner"] = "aad-sample-0001", ["items"] = NudgeItemKey.ListText(keys) });
        }),
        new("nudge-evidence-errors", ["verb:" + NudgeCards.EvidenceVerb], h =>
            Press(h, NudgeCards.EvidenceVerb, 0, ("kind", "Link"), ("url", "http://intranet.example/policy"), ("description", "Kept as typed"), ("periodFrom", Day(h, -30)), ("periodTo", Day(h, -40)))),
        new("nudge-evidence-recorded", ["verb:" + NudgeCards.EvidenceVerb], h =>
            Press(h, NudgeCards.EvidenceVerb, 0, ("kind", "Link"), ("url", "https://intranet.example/policies/ai-v4"), ("description", "Board-approved AI policy"), ("periodFrom", Day(h, -30)), ("periodTo", Day(h, -1)))),
        new("nudge-not-applicable-errors", ["verb:" + NudgeCards.NotApplicableVerb], h => Press(h, NudgeCards.NotApplicableVerb, 1, ("reason", "n/a"))),
        new("nudge-not-applicable", ["verb:" + NudgeCards.NotApplicableVerb], h =>
            Press(h, NudgeCards.NotApplicableVerb, 1, ("reason", "No AI system was in operation during this quarter."))),
        new("nudge-snoozed", ["verb:" + NudgeCards.SnoozeVerb], h => Press(h, NudgeCards.SnoozeVerb, 2, ("snooze", "1w"))),
        new("nudge-snoozes-used-up", ["verb:" + NudgeCards.SnoozeVerb], async h =>
        {
            await Press(h, NudgeCards.SnoozeVerb, 2, ("snooze", "1d"));
            return await Press(h, NudgeCards.SnoozeVerb, 2, ("snooze", "3d"));
        }),
        new("nudge-reassign-asked", ["verb:" + NudgeCards.ReassignVerb], h =>
            Press(h, NudgeCards.ReassignVerb, 3, ("colleague", Colleague), ("why", "Sam runs the supplier process now."))),
        new("nudge-reassign-request", ["NudgeCards.ReassignRequest"], h => Task.FromResult(NudgeCards.ReassignRequest(new ReassignRequestView(
            new NudgeItemKey(ControlScope.Organization, ControlId.Parse("A.3.3"), new DateOnly(2026, 11, 20)),
            AnnexA.Get(ControlId.Parse("A.3.3")).Title,
            null,
            "Dana Owner",
            "Sam Colleague",
            "Sam runs the supplier process now.",
            Guid.NewGuid().ToString("N"))))),
        new("nudge-reassign-approved", ["verb:" + NudgeCards.ApproveVerb, "NudgeCards.ReassignDecided"], async h =>
            await h.PressAsync(NudgeCards.ApproveVerb, OtherLead(), await DecisionDataAsync(h, "A.3.3"))),
        new("nudge-reassign-declined", ["verb:" + NudgeCards.DeclineVerb, "NudgeCards.ReassignDecided"], async h =>
        {
            var key = await SeedOneAsync(h, "A.4.2");
            await h.PressAsync(NudgeCards.ReassignVerb, h.Person(), Data(h, [key], key, 0, ("colleague", Colleague)));
            return await h.PressAsync(NudgeCards.DeclineVerb, OtherLead(), await DecisionDataAsync(h, "A.4.2"));
        }),

        // The due scan's own cards (escalation, unreachable owner) and the answer to nudge now.
        new("nudge-escalation-manager", ["EscalationCards.ForManager"], h => Task.FromResult(EscalationCards.ForManager(SampleEscalation()))),
        new("nudge-escalation-leads", ["EscalationCards.ForLeads"], h => Task.FromResult(EscalationCards.ForLeads(SampleEscalation()))),
        new("nudge-unreachable-owner", ["EscalationCards.Unreachable"], h => Task.FromResult(EscalationCards.Unreachable(new UnreachableOwnerModel(
            "Sam Silent",
            "they have never chatted with AimsBot, and Microsoft Graph is off, so I can't install the app for them.",
            [.. Enumerable.Range(0, EscalationCards.MaxListed + 3).Select(i => new DueControl("org", null, Domain.Catalogue.AnnexA.Controls[i].Id, Domain.Catalogue.AnnexA.Controls[i].Title, new DateOnly(2026, 11, 20), new DueStatus(DueState.Overdue, -3), 0))])))),
        new("nudge-now", ["command:nudge now", "NudgeScanCards.Report"], h => h.RunCommandAsync("nudge now", h.Person(Domain.Access.Role.ComplianceLead))),
        new("nudge-unowned-summary", ["EscalationCards.Unowned"], h => Task.FromResult(EscalationCards.Unowned(
            [.. Enumerable.Range(0, EscalationCards.MaxListed + 4).Select(i => new DueControl(i % 2 == 0 ? "org" : "credit-scorer", i % 2 == 0 ? null : "Credit Scorer", Domain.Catalogue.AnnexA.Controls[i].Id, Domain.Catalogue.AnnexA.Controls[i].Title, new DateOnly(2026, 11, 20), new DueStatus(DueState.Overdue, -3), 0))]))),
        new("nudge-overdue", ["command:overdue", "OverdueCards.Page"], async h =>
        {
            return await h.RunCommandAsync("overdue since 2020-01-01", h.Person(Domain.Access.Role.Auditor));
        }),
        new("nudge-overdue-more", ["verb:" + OverdueCards.MoreVerb], async h =>
        {
            // Eleven more overdue periods, each reminded once (the rows the scan would have written).
            var states = h.Services.GetRequiredService<NudgeStateStore>();
            var now = h.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var control in Domain.Catalogue.AnnexA.Controls.Skip(10).Take(11))
            {
                var key = await SeedOneAsync(h, control.Id);
                var row = await states.GetOrNewAsync(RegisterKeys.ControlPartition(CardSampleHost.Tenant, key.Scope), key.ControlId.Value, key.Due);
                row.RemindersQueued = 1;
                row.LastReminderAt = now;
                row.ReminderTimes = NudgeHistory.AppendInstant(null, now);
                await states.SaveAsync(row);
            }

            var first = await h.RunCommandAsync("overdue since 2020-01-01", h.Person(Domain.Access.Role.ComplianceLead));
            var more = first.Actions?.OfType<AimsBot.Teams.Cards.ExecuteAction>().SingleOrDefault(a => a.Verb == OverdueCards.MoreVerb)
                ?? throw new InvalidOperationException("The sample register has too few overdue periods for a second page.");
            return await h.PressAsync(OverdueCards.MoreVerb, h.Person(Domain.Access.Role.ComplianceLead), more.Data!.DeepClone().AsObject());
        }),
        new("nudge-controls-unowned", ["command:controls unowned", "UnownedCards.Page"], h => h.RunCommandAsync("controls unowned", h.Person(Domain.Access.Role.Auditor))),
        new("nudge-controls-unowned-more", ["verb:" + UnownedCards.MoreVerb], async h =>
        {
            var first = await h.RunCommandAsync("controls unowned", h.Person(Domain.Access.Role.ComplianceLead));
            var more = first.Actions!.OfType<AimsBot.Teams.Cards.ExecuteAction>().Single(a => a.Verb == UnownedCards.MoreVerb);
            return await h.PressAsync(UnownedCards.MoreVerb, h.Person(Domain.Access.Role.ComplianceLead), more.Data!.DeepClone().AsObject());
        }),
    ];

    private static Caller OtherLead() => new(CardSampleHost.Tenant, "aad-sample-lead-0002", "29:sample-lead-0002", "Kim Lead", new HashSet<Role> { Role.ComplianceLead });

    private static IReadOnlyList<NudgeItemKey> _keys = [];

    /// <summary>The sample person owns four overdue organisation controls (created a quarter and a few days ago).</summary>
    private static async Task<IReadOnlyList<NudgeItemKey>> SeedAsync(CardSampleHost host)
    {
        var keys = new List<NudgeItemKey>();
        foreach (var id in Owned)
        {
            keys.Add(await SeedOneAsync(host, id));
        }

        _keys = keys;
        return keys;
    }

    private static async Task<NudgeItemKey> SeedOneAsync(CardSampleHost host, string controlId)
    {
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var lead = Actor.Create("aad-sample-lead-0001", Role.ComplianceLead);
        var instance = ControlInstance.Create(ControlScope.Organization, ControlId.Parse(controlId), lead, new Past(clock.GetUtcNow().AddMonths(-3).AddDays(-4)), TimeZoneInfo.Utc, EvidenceCadence.Quarterly)
            .Bind(i => i.AssignOwner("aad-sample-0001", TimeZoneInfo.Utc, lead)).Value!;
        await host.Services.GetRequiredService<ControlInstanceRepository>().ModifyAsync(
            CardSampleHost.Tenant, ControlScope.Organization, instance.ControlId, _ => Domain.Result.Success(new ControlUpdate(instance, "Dana Owner")));
        return new NudgeItemKey(ControlScope.Organization, instance.ControlId, instance.NextDue!.Value);
    }

    private static Task<Teams.Cards.AdaptiveCard> Press(CardSampleHost host, string verb, int slot, params (string Name, string Value)[] inputs) =>
        host.PressAsync(verb, host.Person(), Data(host, _keys, _keys[slot], slot, inputs));

    private static JsonObject Data(CardSampleHost host, IReadOnlyList<NudgeItemKey> keys, NudgeItemKey key, int slot, params (string Name, string Value)[] inputs)
    {
        _ = host;
        var n = slot.ToString(CultureInfo.InvariantCulture);
        var data = new JsonObject
        {
            ["owner"] = "aad-sample-0001",
            ["items"] = NudgeItemKey.ListText(keys),
            ["scope"] = key.ScopeKey,
            ["controlId"] = key.ControlId.Value,
            ["due"] = key.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["slot"] = n,
            ["submissionId"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in inputs)
        {
            data[name + n] = value;
        }

        return data;
    }

    private static async Task<JsonObject> DecisionDataAsync(CardSampleHost host, string controlId)
    {
        var id = ControlId.Parse(controlId);
        var stored = await host.Services.GetRequiredService<ControlInstanceRepository>().GetAsync(CardSampleHost.Tenant, ControlScope.Organization, id)
            ?? throw new InvalidOperationException($"{controlId} is not seeded.");
        var due = stored.Instance.NextDue!.Value;
        var row = await host.Services.GetRequiredService<NudgeStateStore>().GetOrNewAsync(RegisterKeys.ControlPartition(CardSampleHost.Tenant, ControlScope.Organization), controlId, due);
        return new JsonObject
        {
            ["scope"] = "org",
            ["controlId"] = controlId,
            ["due"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["requestId"] = row.ReassignRequestId ?? throw new InvalidOperationException($"No reassignment was asked for {controlId}."),
        };
    }

    private static string Day(CardSampleHost host, int offset) =>
        DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Past(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static EscalationCardModel SampleEscalation() => new(
        "Dana Owner",
        [
            new DueControl("credit-scorer", "Credit Scorer", "A.6.2.6", "AI system operation and monitoring", new DateOnly(2026, 11, 2), new DueStatus(DueState.Overdue, -21), 2),
            new DueControl("org", null, "A.2.2", "AI policy", new DateOnly(2026, 11, 1), new DueStatus(DueState.Overdue, -22), 0),
        ],
        2,
        "The owner's manager, Max Manager, was told as well.");
}
