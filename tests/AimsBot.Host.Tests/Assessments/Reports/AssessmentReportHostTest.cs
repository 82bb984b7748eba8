using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Register;
using AimsBot.Ledger;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Ledger;
using AimsBot.Testing;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Assessments.Reports;

/// <summary>
/// The real host on a clock started at <see cref="TestClock.Default"/> (Monday 23 November 2026, 10:00 UTC; a running
/// clock, since the host paces its replies on it, so the date is the test's and only seconds pass), with a risk
/// approver, the real table ledger (the export reads the assessment's events back from its entity index), and
/// helpers that store assessments built through the domain and record their events through the ledger recorder.
/// </summary>
public abstract class AssessmentReportHostTest : RegisterHostTest
{
    protected const string Approver = "aad-approver-0001";
    protected const string Colleague = "aad-colleague-0001";
    protected const string Stranger = "aad-stranger-0001";

    protected AssessmentReportHostTest()
        : this(new RunningClock(TestClock.Default))
    {
    }

    private AssessmentReportHostTest(RunningClock clock)
        : base(
            new Dictionary<string, string?>
            {
                ["Roles:RiskApprovers"] = Approver,
                // The fake connector stands in for OneDrive's upload session: plain http on loopback, allowed like a test stub.
                ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1",
            },
            // Events go to the table ledger the export reads back (not the recording one).
            services => services.AddSingleton<ILedgerStore>(sp => sp.GetRequiredService<TableLedgerStore>()),
            clock) =>
        Clock = clock;

    protected RunningClock Clock { get; }

    protected ImpactAssessmentRepository Assessments => Bot.Factory.Services.GetRequiredService<ImpactAssessmentRepository>();

    protected TableLedgerStore TableLedger => Bot.Factory.Services.GetRequiredService<TableLedgerStore>();

    protected static Actor OwnerActor => Actor.Create(Owner);

    protected static Actor ApproverActor => Actor.Create(Approver, Role.RiskApprover);

    protected static Actor ColleagueActor => Actor.Create(Colleague);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Bot.Connector.Responder = r => r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}") : null;
        await RecordUserAsync(Owner, "Dana Owner", "dana@contoso.example");
        await RecordUserAsync(Colleague, "Sam Colleague", "sam@contoso.example");
        await RecordUserAsync(Approver, "Riya Approver", "riya@contoso.example");
    }

    /// <summary>A system in the register, owned by <see cref="RegisterHostTest.Owner"/> unless said otherwise.</summary>
    protected async Task<AiSystem> AddSystemAsync(string name, RiskTier tier = RiskTier.High, string owner = Owner)
    {
        var system = ReportAssessments.System(name, owner, tier, Clock);
        await Systems.AddAsync(Tenant, system, owner == Owner ? "Dana Owner" : null, Lead, null);
        return system;
    }

    /// <summary>Stores a new version (insert) or the next state of a stored one (replace with its ETag).</summary>
    protected async Task StoreAsync(ImpactAssessment assessment)
    {
        var stored = await Assessments.GetAsync(Tenant, assessment.SystemId, assessment.Version);
        if (stored is null)
        {
            await Assessments.AddAsync(Tenant, assessment.ToState());
        }
        else
        {
            await Assessments.ReplaceAsync(Tenant, assessment.ToState(), stored.ETag);
        }
    }

    /// <summary>Records an event of the assessment as the workflow does: through the ledger recorder, as <paramref name="actor"/>.</summary>
    protected Task<LedgerEvent> RecordAsync(LedgerEventDefinition<ImpactAssessmentRef> definition, ImpactAssessment assessment, string actor, params Role[] roles)
    {
        var caller = new Caller(Tenant, actor, "29:" + actor, null, roles.ToHashSet());
        var after = new JsonObject { ["status"] = assessment.Status.ToString(), ["revision"] = assessment.Revision };
        return Bot.Factory.Services.GetRequiredService<LedgerRecorder>()
            .RecordAsync(caller, definition.About(ImpactAssessmentRef.Of(assessment), null, after.ToJsonString()), null, CancellationToken.None);
    }

    /// <summary>
    /// Version 1 of <paramref name="system"/>, answered (the data step by a colleague), submitted, returned once,
    /// resubmitted and approved by the risk approver: a day between each, ending at the host clock's now, with each
    /// change recorded in the ledger. The host clock is left where it was.
    /// </summary>
    protected async Task<(ImpactAssessment Assessment, IReadOnlyList<LedgerEvent> Events)> ApprovedAsync(AiSystem system, DateTimeOffset? approvedAt = null)
    {
        var at = approvedAt ?? Clock.GetUtcNow();
        var clock = new FakeTimeProvider(at.AddDays(-3));
        var events = new List<LedgerEvent>();
        var a = ReportAssessments.Started(system, OwnerActor, clock);
        events.Add(await RecordAsync(LedgerEvents.AssessmentStarted, a, Owner));
        a = ReportAssessments.Complete(a, system, OwnerActor, ColleagueActor);
        events.Add(await RecordAsync(LedgerEvents.AssessmentSaved, a, Colleague));
        a = ReportAssessments.Submitted(a, system, OwnerActor, clock);
        events.Add(await RecordAsync(LedgerEvents.AssessmentSubmitted, a, Owner));
        clock.Advance(TimeSpan.FromDays(1));
        a = ReportAssessments.Returned(a, system, ApproverActor, "Name the fairness metric you review each quarter.", clock);
        events.Add(await RecordAsync(LedgerEvents.AssessmentReturned, a, Approver, Role.RiskApprover));
        clock.Advance(TimeSpan.FromDays(1));
        a = ReportAssessments.Submitted(a, system, OwnerActor, clock);
        events.Add(await RecordAsync(LedgerEvents.AssessmentSubmitted, a, Owner));
        clock.Advance(TimeSpan.FromDays(1));
        a = ReportAssessments.Approved(a, system, ApproverActor, "Agreed, with the quarterly review.", clock);
        events.Add(await RecordAsync(LedgerEvents.AssessmentApproved, a, Approver, Role.RiskApprover));
        await StoreAsync(a);
        return (a, events);
    }

    /// <summary>The rows of the card's table, each as its cells' text.</summary>
    protected static List<List<string>> TableRows(JsonNode card) =>
        card["body"]!.AsArray().Single(e => (string?)e!["type"] == "Table")!["rows"]!.AsArray()
            .Select(r => r!["cells"]!.AsArray().Select(c => string.Concat(c!["items"]!.AsArray().Select(i => (string?)i!["text"]))).ToList())
            .ToList();
}
