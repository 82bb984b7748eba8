using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Import;

namespace AimsBot.Host.Tests.Import;

/// <summary>
/// <c>import</c> with a CSV attached in the 1:1 chat, through the real host: a bad file gets a precise report and
/// writes nothing; a good one writes everything once.
/// </summary>
public sealed class ImportCommandTests : ImportHostTest
{
    private static readonly string[] GoodRows =
    [
        "system,Credit Scorer,Scores loan applications,Decision support for credit officers,developer; deployer-user,operation,high,active,dana@contoso.com,,,,,,,",
        "system,Chat Helper,Answers staff questions,,Deployer/User,Deployment,limited,,aad-owner-0001,,,,,,,",
        "system,Fraud Watch,Flags suspicious payments,,provider,operation,limited,,olu@contoso.com,,,,,,,",
        "control,,,,,,,,dana@contoso.com,org,A.2.2,applicable,,implemented,quarterly,",
        "control,,,,,,,,,org,A.4.2,excluded,\"We keep no resource inventory apart from the register, by decision of the board.\",,,",
        "control,,,,,,,,aad-owner-0001,Credit Scorer,a6.2.6,,,partial,monthly,ai-system",
        "control,,,,,,,,,chat-helper,A.9.4,applicable,,planned,cron 0 9 1 * *,",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RecordUserAsync("aad-dana-0001", "Dana Scully", "dana@contoso.com");
        await RecordUserAsync(Owner, "Olu Owner", "olu@contoso.com");
    }

    [Fact]
    public async Task A_bad_file_gets_a_precise_report_row_column_problem_and_writes_nothing()
    {
        var reply = await ImportAsync(Csv(
            "system,Credit Scorer,Scores loans,,developer,operation,severe,,dana@contoso.com,,,,,,,",
            "system,Fraud Watch,,,provider,operation,high,,,,,,,,,",
            "system,credit scorer!,,,developer,operation,high,,dana@contoso.com,,,,,,,",
            "control,,,,,,,,,org,A.6.2.9,applicable,,,,",
            "control,,,,,,,,,Credit Scorr,A.6.2.6,,,,,",
            "control,,,,,,,,,org,A.2.2,excluded,,,,",
            "control,,,,,,,,not a person,org,A.2.3,,,,,",
            "control,,,,,,,,,org,A.2.4,,,sort of,,",
            "control,,,,,,,,,org,A.2.4,,,,,"));

        var shown = reply.Shown;
        Assert.Contains("nothing imported", shown, StringComparison.Ordinal);
        // Unknown enum value: the allowed ones are listed.
        Assert.Contains("'severe' is not allowed here; use minimal, limited, high or unacceptable", shown, StringComparison.Ordinal);
        // Missing required value for a new system.
        Assert.Contains("required for a new AI system", shown, StringComparison.Ordinal);
        // Duplicate within the file (same id from another spelling).
        Assert.Contains("is already in row 2", shown, StringComparison.Ordinal);
        // Unknown control id with a suggestion.
        Assert.Contains("Did you mean A.6.2.8", shown, StringComparison.Ordinal);
        // A control for a system neither in the file nor in the register, with a suggestion.
        Assert.Contains("there is no AI system 'Credit Scorr'", shown, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Credit Scorer'", shown, StringComparison.Ordinal);
        // An exclusion without a justification: the domain's rule.
        Assert.Contains("needs a justification", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("soa exclude", shown, StringComparison.Ordinal); // chat advice has no place in a file's report
        // An owner that can't be resolved.
        Assert.Contains("I can't tell who 'not a person' is", shown, StringComparison.Ordinal);
        Assert.Contains("'sort of' is not allowed here; use not-started, planned, partial or implemented", shown, StringComparison.Ordinal);
        Assert.Contains("A.2.4 for the organisation is already in row 9", shown, StringComparison.Ordinal);

        // Each problem sits in its row and column of the report table.
        var problems = Problems(reply);
        Assert.Contains(("2", "risk tier"), problems);
        Assert.Contains(("3", "owner"), problems);
        Assert.Contains(("4", "name"), problems);
        Assert.Contains(("5", "control"), problems);
        Assert.Contains(("6", "scope"), problems);
        Assert.Contains(("7", "justification"), problems);
        Assert.Contains(("8", "owner"), problems);
        Assert.Contains(("9", "implementation"), problems);
        Assert.Contains(("10", "control"), problems);

        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Equal(Csv().Replace("\r\n", "", StringComparison.Ordinal), (await RegisterAsTextAsync()).Trim().TrimStart('\uFEFF'));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_good_file_writes_everything_once_and_importing_it_again_changes_nothing()
    {
        var first = await ImportAsync(Csv(GoodRows));

        Assert.Contains("register.csv: imported", first.Shown, StringComparison.Ordinal);
        var systems = (await Systems.ListAsync(Tenant)).ToDictionary(s => s.System.Id);
        Assert.Equal(["chat-helper", "credit-scorer", "fraud-watch"], systems.Keys.Order());
        var scorer = systems["credit-scorer"];
        Assert.Equal([OrganizationRole.Developer, OrganizationRole.DeployerUser], scorer.System.Roles);
        Assert.Equal(RiskTier.High, scorer.System.RiskTier);
        Assert.Equal("aad-dana-0001", scorer.System.OwnerUserId); // the UPN resolved through the Users table
        Assert.Equal("Dana Scully", scorer.OwnerName);

        var policy = await ControlAsync("A.2.2");
        Assert.Equal(ImplementationStatus.Implemented, policy!.Instance.Implementation);
        Assert.Equal("quarterly", policy.Instance.Cadence!.ToString());
        Assert.Equal("aad-dana-0001", policy.Instance.OwnerUserId);
        var excluded = await ControlAsync("A.4.2");
        Assert.True(excluded!.Instance.Applicability.IsExcluded);
        Assert.Equal(Lead, excluded.Instance.Applicability.DecidedBy);
        var monitoring = await ControlAsync("A.6.2.6", "credit-scorer");
        Assert.Equal(ImplementationStatus.Partial, monitoring!.Instance.Implementation);
        Assert.Equal(Owner, monitoring.Instance.OwnerUserId);
        Assert.Equal("cron 0 9 1 * *", (await ControlAsync("A.9.4", "chat-helper"))!.Instance.Cadence!.ToString());
        // A new system gets its own instances of the 18 AI-system-layer controls, as with "system add"; one the
        // file lists controls for gets exactly those.
        Assert.Equal(AnnexA.Controls.Count(c => c.DefaultLayer == ControlLayer.AiSystem), (await Controls.ListScopeAsync(Tenant, ControlScope.ForSystem("fraud-watch"))).Count);
        Assert.Equal("A.9.4", Assert.Single(await Controls.ListScopeAsync(Tenant, ControlScope.ForSystem("chat-helper"))).Instance.ControlId.Value);

        var events = Ledger.Events;
        Assert.Single(events, e => e.Action == LedgerEvents.RegisterImported.Name && e.SourceActivityId is not null);
        Assert.Equal(3, events.Count(e => e.Action == "register.system.add"));
        Assert.Equal(["chat-helper/A.9.4", "credit-scorer/A.6.2.6", "org/A.2.2", "org/A.4.2"], events.Where(e => e.Action == "register.control.update").Select(e => e.EntityId).Order(StringComparer.Ordinal));
        var registerAfterFirst = await RegisterAsTextAsync();

        var second = await ImportAsync(Csv(GoodRows));

        Assert.Contains("register.csv: no changes", second.Shown, StringComparison.Ordinal);
        Assert.Equal(registerAfterFirst, await RegisterAsTextAsync());
        Assert.Equal(events.Count, Ledger.Events.Count);
        Assert.Equal(3, (await Systems.ListAsync(Tenant)).Count);
    }

    [Fact]
    public async Task Import_check_says_what_would_change_and_writes_nothing()
    {
        var reply = await ImportAsync(Csv(GoodRows), text: "import check");

        Assert.Contains("ready to import", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"AI systems added\",\"value\":\"3\"", reply.Shown, StringComparison.Ordinal);
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_change_to_an_existing_control_is_made_through_the_domain_and_recorded_with_before_and_after()
    {
        await ImportAsync(Csv(GoodRows));
        var before = Ledger.Events.Count;

        var reply = await ImportAsync(Csv("control,,,,,,,,olu@contoso.com,org,A.2.2,,,partial,,"));

        Assert.Contains("\"title\":\"Controls changed\",\"value\":\"1\"", reply.Shown, StringComparison.Ordinal);
        var policy = await ControlAsync("A.2.2");
        Assert.Equal(Owner, policy!.Instance.OwnerUserId);
        Assert.Equal(ImplementationStatus.Partial, policy.Instance.Implementation);
        Assert.Equal("quarterly", policy.Instance.Cadence!.ToString()); // an empty cell leaves the value as it is
        var change = Assert.Single(Ledger.Events.Skip(before), e => e.Action == "register.control.update");
        Assert.Contains("Implemented", change.Before, StringComparison.Ordinal);
        Assert.Contains("Partial", change.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_who_is_not_a_compliance_lead_cannot_import_in_chat()
    {
        // Register set-up and exclusions are the compliance leads' decisions; administrators import on the host.
        var reply = await ImportAsync(Csv("control,,,,,,,,,org,A.4.2,excluded,We keep no resource inventory apart from the register.,,,"), user: Admin);

        Assert.Contains("**import** is not available to you", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, Downloads);
        Assert.Null(await ControlAsync("A.4.2"));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task People_who_are_not_compliance_leads_cannot_import()
    {
        var owner = await ImportAsync(Csv(GoodRows), user: Owner);
        var auditor = await ImportAsync(Csv(GoodRows), user: Auditor);

        Assert.Contains("**import** is not available to you", owner.Text, StringComparison.Ordinal);
        Assert.Contains("**import** is not available to you", auditor.Text, StringComparison.Ordinal);
        Assert.Equal(0, Downloads);
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Import_without_a_file_in_a_group_chat_or_with_a_file_that_is_not_csv_is_explained()
    {
        var noFile = await SayAsync("import");
        var workbook = await SayWithFileAsync("import", "register.xlsx", Serve("register.xlsx", [0x50, 0x4B, 0x03, 0x04]), fileType: "xlsx");
        var group = await SayWithFileAsync("import", "register.csv", Serve("register.csv", Csv(GoodRows)), edit: a =>
        {
            a["conversation"]!["conversationType"] = "groupChat";
            a["conversation"]!["isGroup"] = true;
        });

        Assert.Contains("Attach the register file (CSV)", noFile.Text, StringComparison.Ordinal);
        Assert.Contains("register.xlsx is not a CSV file", workbook.Text, StringComparison.Ordinal);
        Assert.Contains("only in our 1:1 chat", group.Text, StringComparison.Ordinal);
        Assert.Equal(0, Downloads);
        Assert.Empty(await Systems.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_file_sent_without_a_command_gets_a_hint_and_is_not_imported()
    {
        var reply = await SayWithFileAsync("", "register.csv", Serve("register.csv", Csv(GoodRows)));

        Assert.Contains("send it again with the message **import**", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, Downloads);
        Assert.Empty(await Systems.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_download_link_that_is_not_https_or_not_from_teams_storage_is_not_fetched()
    {
        var http = await SayWithFileAsync("import", "register.csv", Serve("register.csv", Csv(GoodRows)).Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        var elsewhere = await SayWithFileAsync("import", "register.csv", "https://files.example.org/register.csv");

        Assert.Contains("secure (https) link", http.Text, StringComparison.Ordinal);
        Assert.Contains("not from files.example.org", elsewhere.Text, StringComparison.Ordinal);
        Assert.Equal(0, Downloads);
        Assert.Empty(await Systems.ListAsync(Tenant));
    }

    /// <summary>The report's table as (row, column) pairs.</summary>
    private static List<(string Row, string Column)> Problems(Reply reply)
    {
        var table = reply.Card!["body"]!.AsArray().Single(e => (string?)e!["type"] == "Table")!;
        return table["rows"]!.AsArray().Skip(1)
            .Select(r => ((string)r!["cells"]![0]!["items"]![0]!["text"]!, (string)r["cells"]![1]!["items"]![0]!["text"]!))
            .ToList();
    }
}
