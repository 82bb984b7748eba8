using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Import;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Import;

/// <summary>
/// <c>export register</c> writes exactly the import format: exported and imported again it changes nothing, and
/// imported into an empty tenant (through the host's <c>import</c> sub-command) it gives the same register.
/// </summary>
public sealed class RegisterRoundTripTests : ImportHostTest
{
    private const string EmptyTenant = "99999999-8888-7777-6666-555555555555";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RecordUserAsync("aad-dana-0001", "Dana Scully", "dana@contoso.com");
    }

    [Fact]
    public async Task Export_then_import_changes_nothing_and_into_an_empty_tenant_gives_the_same_register()
    {
        // A register built the chat way: system add, owner, soa exclude (a justification with a comma, quotes
        // and a leading '=' that the CSV must protect), and an import of the rest.
        await AddSystemAsync("Credit Scorer", owner: "dana@contoso.com");
        await SayAsync("owner A.2.2 dana@contoso.com");
        await SayAsync("soa exclude A.7.3 system Credit Scorer because =We \"buy\" no data, none at all.");
        await ImportAsync(Csv(
            "system,Chat Helper,\"Answers staff questions,\nin two lines\",,deployer-user,deployment,limited,suspended,dana@contoso.com,,,,,,,",
            "control,,,,,,,,,org,A.4.5,,,,,ai-system",
            "control,,,,,,,,,Chat Helper,A.9.4,,,implemented,none,"));
        var exported = await ExportRegisterAsync();
        var ledgerBefore = Ledger.Events.Count; // the export itself is recorded (export.delivered)
        Assert.StartsWith(string.Join(',', RegisterFile.Columns), exported.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("'=We \"\"buy\"\" no data", exported, StringComparison.Ordinal);

        var again = await ImportAsync(exported);

        Assert.Contains("register.csv: no changes", again.Shown, StringComparison.Ordinal);
        Assert.Equal(ledgerBefore, Ledger.Events.Count);

        var file = Path.Combine(Path.GetTempPath(), $"register-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, exported, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        try
        {
            var (code, output, _) = await RunCliAsync(file, "--tenant", EmptyTenant);

            Assert.Equal(ImportCli.Success, code);
            Assert.Contains(": imported", output, StringComparison.Ordinal);
            Assert.Equal(await RegisterAsTextAsync(), await RegisterAsTextAsync(EmptyTenant));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_import_sub_command_reports_problems_checks_imports_once_and_exits_with_its_codes()
    {
        var bad = await WriteTempAsync(Csv("system,Credit Scorer,,,developer,operation,severe,,dana@contoso.com,,,,,,,"));
        var good = await WriteTempAsync(Csv(
            "system,Credit Scorer,Scores loan applications,,developer,operation,high,,dana@contoso.com,,,,,,,",
            "control,,,,,,,,,org,A.2.2,excluded,One group-wide policy covers us; see the group register.,,,"));
        try
        {
            var (badCode, badOutput, _) = await RunCliAsync(bad);
            Assert.Equal(ImportCli.FileProblems, badCode);
            Assert.Contains("Row 2, risk tier: 'severe' is not allowed here; use minimal, limited, high or unacceptable.", badOutput, StringComparison.Ordinal);

            var (checkCode, checkOutput, _) = await RunCliAsync(good, "--dry-run");
            Assert.Equal(ImportCli.Success, checkCode);
            Assert.Contains("ready to import", checkOutput, StringComparison.Ordinal);
            Assert.Contains("AI systems added: 1", checkOutput, StringComparison.Ordinal);
            Assert.Empty(await Systems.ListAsync(Tenant));

            var (code, output, _) = await RunCliAsync(good);
            Assert.Equal(ImportCli.Success, code);
            Assert.Contains(": imported", output, StringComparison.Ordinal);
            var system = await Systems.GetAsync(Tenant, "credit-scorer");
            Assert.Equal("aad-dana-0001", system!.System.OwnerUserId);
            Assert.True((await ControlAsync("A.2.2"))!.Instance.Applicability.IsExcluded);

            // The CLI records in the deployment's ledger table, as a documented administrator identity.
            var ledger = Bot.Factory.Services.GetRequiredService<TableLedgerStore>();
            var added = Assert.Single(await ledger.ForEntityAsync(Tenant, "credit-scorer"));
            Assert.Equal(ImportCli.ActorId(), added.ActorId);
            Assert.StartsWith("cli:", added.ActorId, StringComparison.Ordinal);
            Assert.Contains("ComplianceLead", added.ActorRole, StringComparison.Ordinal);
            Assert.StartsWith("cli:", added.SourceActivityId, StringComparison.Ordinal);

            var (againCode, againOutput, _) = await RunCliAsync(good);
            Assert.Equal(ImportCli.Success, againCode);
            Assert.Contains("no changes", againOutput, StringComparison.Ordinal);
            Assert.Single(await ledger.ForEntityAsync(Tenant, "credit-scorer"));

            var (missingCode, _, missingError) = await RunCliAsync(Path.Combine(Path.GetTempPath(), "no-such-register.csv"));
            Assert.Equal(ImportCli.Failure, missingCode);
            Assert.Contains("There is no file", missingError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
            File.Delete(good);
        }
    }

    [Fact]
    public async Task Only_compliance_leads_auditors_and_admins_can_export_the_register()
    {
        var owner = await SayAsync("export register", Owner);
        Assert.Contains("not available to you", owner.Text, StringComparison.Ordinal);

        var auditorCsv = await ExportRegisterAsync(Auditor);
        Assert.StartsWith(string.Join(',', RegisterFile.Columns), auditorCsv.TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    /// <summary>Asks for <c>export register</c>, presses Allow on the consent card, and returns the uploaded file.</summary>
    private async Task<string> ExportRegisterAsync(string user = Lead)
    {
        var ask = Bot.Activity("message", "export register", userAadId: user);
        await Bot.PostAsync(ask);
        var offer = Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + ask["id"], StringComparison.Ordinal)));
        var attachment = offer.Json!["attachments"]![0]!;
        Assert.Equal("register.csv", (string?)attachment["name"]);
        var offerId = (string)attachment["content"]!["acceptContext"]!["offerId"]!;

        var uploadPath = "/upload/" + Guid.NewGuid().ToString("N");
        var consent = Bot.Activity("invoke", userAadId: user);
        consent["name"] = "fileConsent/invoke";
        consent["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = "accept",
            ["context"] = new JsonObject { ["offerId"] = offerId },
            ["uploadInfo"] = new JsonObject
            {
                ["name"] = "register.csv",
                ["uploadUrl"] = Bot.ServiceUrl.Replace("/emea/", uploadPath, StringComparison.Ordinal),
                ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/dana/Documents/Applications/register.csv",
                ["uniqueId"] = Guid.NewGuid().ToString("D"),
                ["fileType"] = "csv",
            },
        };
        await Bot.PostAsync(consent);
        return Assert.Single(Bot.Connector.Requests, r => r.Method == "PUT" && r.Path == uploadPath).Body;
    }

    private async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var storage = Bot.Factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestEnvironment.TableConnectionString,
            ["Storage:TablePrefix"] = storage.TablePrefix,
            ["Bot:AllowedTenants:0"] = Tenant,
            ["Graph:Enabled"] = "false",
            ["Hangfire:Storage"] = "InMemory",
            ["Ledger:SigningKey"] = TestEnvironment.LedgerSigningKey,
            ["Ledger:SigningKeyId"] = TestEnvironment.LedgerSigningKeyId,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ImportCli.RunAsync(args, output, error, settings);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> WriteTempAsync(string csv)
    {
        var file = Path.Combine(Path.GetTempPath(), $"register-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv);
        return file;
    }
}
