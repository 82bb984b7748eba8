using System.Text.Json.Nodes;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Support;
using AimsBot.Nudges;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Users;
using AimsBot.Testing;
using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// The due scan as Hangfire runs it: the recurring job enqueues one job per tenant, a tenant job can run again
/// without sending anything twice, and <c>nudge now</c> enqueues its tenant's job and answers with the counts, or
/// says it is running and sends the counts to the lead's 1:1 chat once the job ends.
/// </summary>
public sealed class DueScanJobTests : NudgeScanHost
{
    private const string Owner = "aad-owner-0001";
    private const string OtherTenant = "99999999-8888-7777-6666-555555555555";
    private const string OtherOwner = "aad-owner-other";

    /// <summary>The conversation the lead says <c>nudge now</c> in (the harness's 1:1 chat), which becomes their stored 1:1 chat.</summary>
    private const string LeadChat = "a:personal-1";

    public DueScanJobTests()
        : base(new Dictionary<string, string?>
        {
            ["Bot:AllowedTenants:1"] = OtherTenant,
            // With two tenants served, a role names the tenant it holds in.
            ["Roles:ComplianceLeads"] = Tenant + "/" + Lead,
            ["Roles:Auditors"] = Tenant + "/" + ProtocolHarness.AuditorId,
            // Long enough for a quick scan under a loaded test run; the slow case holds the scan's lock instead.
            ["Nudges:NudgeNowWait"] = "00:00:10",
        })
    {
    }

    private IServiceProvider Services => Bot.Factory.Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(Owner, "Olive Owner", "Europe/London");
    }

    [Fact]
    public async Task The_recurring_scan_enqueues_one_job_per_tenant_and_each_scans_only_its_own_tenant()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));
        await OtherTenantOwnerWithDueControlAsync();

        // The recurring job itself, as its cron would start it.
        Services.GetRequiredService<IRecurringJobManager>().Trigger(DueScanJob.RecurringJobId);

        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        IReadOnlyList<SucceededJobDto> TenantJobs() => monitoring.SucceededJobs(0, 100).Select(j => j.Value)
            .Where(j => j.Job?.Type == typeof(TenantDueScanJob) && j.Job.Method.Name == nameof(TenantDueScanJob.RunAsync)).ToList();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(TenantJobs().Count >= 2), TimeSpan.FromSeconds(60)), "two tenant scan jobs did not finish");

        var jobs = TenantJobs();
        Assert.Equal([Tenant, OtherTenant], jobs.Select(j => (string)j.Job.Args[0]).Order(StringComparer.Ordinal));
        var here = await AllQueuedAsync(Tenant);
        var there = await AllQueuedAsync(OtherTenant);
        Assert.Equal([Owner], here.Select(m => m.RecipientUserKey));
        Assert.Equal([OtherOwner], there.Select(m => m.RecipientUserKey));
    }

    [Fact]
    public async Task Running_a_tenant_job_again_sends_no_card_or_escalation_twice()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));
        await ControlAsync("A.5.2", Owner, Today.AddDays(-8)); // escalation level 1 to the compliance leads

        await Services.GetRequiredService<TenantDueScanJob>().RunAsync(Tenant, CancellationToken.None);
        await Services.GetRequiredService<TenantDueScanJob>().RunAsync(Tenant, CancellationToken.None);
        await DrainAsync();

        var card = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("A.6.2.6", card, StringComparison.Ordinal);
        Assert.Contains("A.5.2", card, StringComparison.Ordinal);
        Assert.Contains("Escalation level 1", Shown(Assert.Single(Received(Lead))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nudge_now_answers_with_the_counts_when_the_scan_ends_in_time_and_sends_nothing_afterwards()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));

        var reply = await SayAsync("nudge now", Lead);

        Assert.Contains("1 due, 0 overdue, 1 queued", (string?)reply["summary"], StringComparison.Ordinal);
        Assert.Contains("Cards queued", Shown(reply), StringComparison.Ordinal);
        var run = Assert.Single(await RunsAsync());
        Assert.NotNull(run.FinishedAt);
        Assert.False(run.HandedOver);
        // The turn answered: the job, finished, has no counts to send to the chat.
        Assert.DoesNotContain(await AllQueuedAsync(Tenant), m => m.Purpose == NudgeNowRuns.OutboxPurpose);
    }

    [Fact]
    public async Task Nudge_now_says_the_scan_is_running_when_it_takes_longer_and_the_counts_reach_the_leads_chat_once()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));
        await ControlAsync("A.5.2", Owner, Today.AddDays(-3));
        var storage = Services.GetRequiredService<JobStorage>();

        JsonNode reply;
        using (var connection = storage.GetConnection())
        using (connection.AcquireDistributedLock("aimsbot:nudge-scan:" + Tenant, TimeSpan.FromSeconds(5)))
        {
            // A scan of this tenant is running elsewhere (this test holds its lock): the job waits for it, past the turn's wait.
            reply = await SayAsync("nudge now", Lead);

            Assert.Equal(NudgeNowCommand.StartedAnswer, (string?)reply["text"]);
            Assert.Null(Assert.Single(await RunsAsync()).FinishedAt);
        }

        // The lock is released: the job scans, and its counts go to the lead's 1:1 chat through the outbox.
        Assert.True(await Eventually.TrueAsync(async () => (await AllQueuedAsync(Tenant)).Any(m => m.Purpose == NudgeNowRuns.OutboxPurpose), TimeSpan.FromSeconds(60)), "the counts were not queued");
        var run = Assert.Single(await RunsAsync());
        Assert.True(run.HandedOver);
        Assert.Equal((1, 1, 1), (run.Due, run.Overdue, run.Queued));

        // A retry of the same job (Hangfire re-runs a job whose host died) queues nothing new.
        await Services.GetRequiredService<TenantDueScanJob>().RunRequestedAsync(Tenant, run.RowKey, CancellationToken.None);
        await DrainAsync();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(ProactiveTo(LeadChat).Count > 0), TimeSpan.FromSeconds(30)), "the counts did not arrive");

        var counts = Assert.Single(ProactiveTo(LeadChat));
        Assert.Contains("Nudge scan: 1 due, 1 overdue, 1 queued, 0 unreachable, 0 installing, 0 no owner, 0 escalated", (string?)counts["text"], StringComparison.Ordinal);
        Assert.Contains("Nudge scan done", Shown(counts), StringComparison.Ordinal);
        Assert.Single(Received(Owner));
        Assert.Single(await AllQueuedAsync(Tenant), m => m.Purpose == NudgeNowRuns.OutboxPurpose);
    }

    /// <summary>Proactive messages (not replies) sent to a conversation.</summary>
    private List<JsonNode> ProactiveTo(string conversationId) =>
        Bot.Connector.Requests
            .Where(r => r.Method == "POST" && r.Status is >= 200 and < 300 && r.Path.EndsWith("/conversations/" + conversationId + "/activities", StringComparison.Ordinal))
            .Select(r => r.Json!)
            .ToList();

    private async Task<List<NudgeScanRunRow>> RunsAsync()
    {
        var table = Services.GetRequiredService<TableStore>().Table<NudgeScanRunRow>(NudgeScanRunStore.TableName);
        var rows = new List<NudgeScanRunRow>();
        await foreach (var row in table.QueryPartitionAsync(Tenant))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every outbox row of a tenant, whatever its state (a drain may be sending it).</summary>
    private async Task<List<OutboxMessage>> AllQueuedAsync(string tenant)
    {
        var all = new Dictionary<string, OutboxMessage>(StringComparer.Ordinal);
        foreach (var state in new[] { OutboxStates.Pending, OutboxStates.Sending, OutboxStates.Sent })
        {
            foreach (var message in await Outbox.InStateAsync(tenant, state))
            {
                all[message.RowKey] = message; // a row seen in two states while it moves is one row
            }
        }

        return all.Values.ToList();
    }

    /// <summary>An owner in the second tenant with a chat and a control due in two days.</summary>
    private async Task OtherTenantOwnerWithDueControlAsync()
    {
        await Bot.Users.RecordSightingAsync(
            new UserSighting(OtherTenant, OtherOwner, "29:" + OtherOwner, "Otto Owner", null, "28:bot", Conversation(OtherOwner), Bot.ServiceUrl, "Europe/London", Clock.GetUtcNow()),
            installed: true);
        var id = ControlId.Parse("A.6.2.6");
        var lastEvidence = new DateTimeOffset(Today.AddDays(2).AddMonths(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var instance = ControlInstance.Restore(new ControlInstanceState("org", id.Value, AnnexA.Get(id).DefaultLayer, ApplicabilityStatus.Applicable, null, null, null,
            ImplementationStatus.Partial, OtherOwner, "monthly", "Europe/London", lastEvidence.AddMonths(-6), lastEvidence.AddMonths(-6), lastEvidence)).Value!;
        Assert.Equal(Today.AddDays(2), instance.NextDue);
        var result = await Controls.ModifyAsync(OtherTenant, ControlScope.Organization, id, _ => Domain.Result.Success(new Storage.Register.ControlUpdate(instance, "Otto Owner")));
        Assert.True(result.IsSuccess, result.ErrorMessage);
    }
}
