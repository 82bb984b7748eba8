using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Audit;
using AimsBot.Storage.Register;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Register;

/// <summary>The SoA says who decided each inclusion or exclusion, by name, and when: on the soa card, control and the export.</summary>
public sealed class SoaDecidersTests : AuditHostTest
{
    private const string Justification = "We develop no AI of our own; every system is bought in.";

    public SoaDecidersTests()
        : base(new RunningClock(TestClock.Default))
    {
    }

    [Fact]
    public async Task The_soa_card_the_control_card_and_the_export_name_who_excluded_a_control_and_when()
    {
        await RecordUserAsync("aad-dana-0001", "Dana Owner", "dana@contoso.example");
        await SayAsync("soa exclude A.2.2 because " + Justification, Lead, AsLena);
        // A later change that decides nothing keeps the decider's name.
        await SayAsync("owner A.2.2 dana@contoso.example", Lead, AsLena);
        Assert.Equal("Lena Lead", (await ControlAsync("A.2.2"))!.DecidedByName);

        var soa = await SayAsync("soa", Auditor);
        Assert.Contains("Excluded: " + Justification + " · decided by Lena Lead on 2026-11-23", soa.Shown, StringComparison.Ordinal);
        Assert.InRange(soa.CardBytes, 1, 28_000);

        var control = await SayAsync("control A.2.2", Auditor);
        Assert.Contains("(decided by Lena Lead on 2026-11-23)", control.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Lead, control.Shown, StringComparison.Ordinal);

        var (_, csv) = await ExportAsync("export soa", Auditor);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.Contains(",A.2.2,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("Lena Lead", row[Array.IndexOf(header, "Decided by")]);
        Assert.StartsWith("2026-11-23", row[Array.IndexOf(header, "Decided at")], StringComparison.Ordinal);
        Assert.DoesNotContain(Lead, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_stored_before_names_were_kept_is_named_through_the_users_the_bot_knows()
    {
        const string former = "aad-former-lead";
        await RecordUserAsync(former, "Fiona Former", "fiona@contoso.example");
        var decided = ControlInstance.Create(ControlScope.Organization, ControlId.Parse("A.2.3"), Actor.Create(former, Role.ComplianceLead), Bot.HostClock, TimeZoneInfo.Utc)
            .Bind(i => i.Exclude(Actor.Create(former, Role.ComplianceLead), Justification, Bot.HostClock)).Value!;
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(decided, null)]);
        Assert.Null((await ControlAsync("A.2.3"))!.DecidedByName);

        var control = await SayAsync("control A.2.3", Auditor);
        var soa = await SayAsync("soa", Auditor);

        Assert.Contains("(decided by Fiona Former on 2026-11-23)", control.Shown, StringComparison.Ordinal);
        Assert.Contains("decided by Fiona Former on 2026-11-23", soa.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(former, soa.Shown, StringComparison.Ordinal);
    }

    private static void AsLena(System.Text.Json.Nodes.JsonObject activity) => activity["from"]!["name"] = "Lena Lead";
}
