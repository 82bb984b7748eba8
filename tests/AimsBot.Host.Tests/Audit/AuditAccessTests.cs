using System.Text.Json.Nodes;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Ledger;
using AimsBot.Storage.Nonconformities;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Audit;

/// <summary>Who may query what, auditors change nothing, every auditor query is in the ledger, injection strings find nothing.</summary>
public sealed class AuditAccessTests : AuditHostTest
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private NonconformityRepository Ncs => Bot.Factory.Services.GetRequiredService<NonconformityRepository>();

    [Fact]
    public async Task Evidence_is_shown_to_leads_auditors_the_control_owner_and_the_system_owner_and_refused_to_anyone_else()
    {
        const string systemOwner = "aad-sysowner-0001";
        await RecordUserAsync(systemOwner, "Sam System", "sam@contoso.com");
        await AddSystemAsync("Credit Scorer", owner: "sam@contoso.com");
        await SeedOwnedControlAsync("A.2.2", Owner);
        var orgIds = await SeedEvidenceAsync(Tenant, "org", "A.2.2", 2, Start, TimeSpan.FromDays(1));
        var systemIds = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));

        foreach (var reader in new[] { Lead, Auditor, Owner })
        {
            Assert.Equal(orgIds, Ids((await SayAsync("evidence A.2.2", userAadId: reader)).Card));
        }

        foreach (var reader in new[] { Lead, Auditor, systemOwner })
        {
            Assert.Equal(systemIds, Ids((await SayAsync("evidence A.6.2.6 system Credit Scorer", userAadId: reader)).Card));
        }

        // The system's owner also reads the organisation's evidence that answers for their system.
        Assert.Equal(orgIds, Ids((await SayAsync("evidence A.2.2 system Credit Scorer", userAadId: systemOwner)).Card));

        var refusals = new[]
        {
            await SayAsync("evidence A.2.2", userAadId: Stranger),
            await SayAsync("evidence A.2.2", userAadId: systemOwner), // the organisation's own control: not theirs
            await SayAsync("evidence A.6.2.6 system Credit Scorer", userAadId: Owner), // owns A.2.2, not this one
        };
        Assert.All(refusals, r =>
        {
            Assert.Null(r.Card);
            Assert.Contains("Evidence is shown to compliance leads, auditors, the control's owner and the AI system's owner", r.Text, StringComparison.Ordinal);
        });

        // Exports are for the export roles only, whatever the person owns.
        await Bot.PostAsync(Bot.Activity("message", "export evidence A.2.2", userAadId: Owner));
        Assert.Single(await Bot.WaitForRequestsAsync(r => r.Body.Contains("evidence export is not available to you", StringComparison.Ordinal)));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pressing_More_checks_the_rights_again_from_the_register_not_the_card()
    {
        await SeedOwnedControlAsync("A.2.2", Owner);
        await SeedEvidenceAsync(Tenant, "org", "A.2.2", 30, Start, TimeSpan.FromHours(1));
        var first = await SayAsync("evidence A.2.2", userAadId: Owner);
        var more = More(first.Card)!;

        await SayAsync("owner A.2.2 11111111-aaaa-bbbb-cccc-000000000001");
        var answer = await InvokeAsync("audit.evidence.more", more, Owner);

        Assert.Equal(403, answer.StatusCode);
        Assert.Null(answer.Card);
    }

    [Fact]
    public async Task An_auditor_cannot_change_anything_and_nothing_is_written()
    {
        var replies = new[]
        {
            await SayAsync("owner A.2.2 dana@contoso.com", userAadId: Auditor),
            await SayAsync("soa exclude A.10.4 because auditors should not decide this", userAadId: Auditor),
            await SayAsync("system add Rogue System", userAadId: Auditor),
        };
        Assert.All(replies, r => Assert.Contains("not available to you", r.Text, StringComparison.Ordinal));

        var pressed = await InvokeAsync("register.evidence.add", new JsonObject
        {
            ["submissionId"] = Guid.NewGuid().ToString("N"), ["controlId"] = "A.2.2", ["scope"] = "org", ["kind"] = "Note",
            ["description"] = "Written by an auditor", ["periodFrom"] = "2026-01-01", ["periodTo"] = "2026-01-31",
        }, Auditor);
        Assert.Equal(403, pressed.StatusCode);
        Assert.Contains("read-only", pressed.ErrorMessage, StringComparison.Ordinal);

        Assert.Null(await ControlAsync("A.2.2"));
        Assert.Null(await ControlAsync("A.10.4"));
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, ControlId.Parse("A.2.2"), 10));
        Assert.DoesNotContain(Ledger.Events, e => e.Action.StartsWith("register.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_auditor_query_and_export_is_recorded_with_its_filters_before_the_answer()
    {
        var ids = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 25, Start, TimeSpan.FromHours(1));
        var first = await SayAsync("evidence A.6.2.6 since 2026-02-01", userAadId: Auditor);
        await InvokeAsync("audit.evidence.more", More(first.Card)!, Auditor);
        await SayAsync("control A.6.2.6", userAadId: Auditor);
        await SayAsync("soa", userAadId: Auditor);
        await SayAsync("ncs open", userAadId: Auditor);
        await SayAsync("ledger org/A.6.2.6", userAadId: Auditor);
        await ExportAsync("export evidence A.6.2.6 since 2026-02-01", Auditor);
        await SayAsync("soa", userAadId: Lead); // a lead's reads are not audit records

        var queries = Ledger.Events.Where(e => e.Action == LedgerEvents.AuditorQuery.Name).ToList();
        Assert.All(queries, e =>
        {
            Assert.Equal(Auditor, e.ActorId);
            Assert.Equal(LedgerEvents.AuditorQuery.EntityId, e.EntityId);
            Assert.Equal("Auditor", e.ActorRole);
        });
        var after = queries.Select(e => JsonNode.Parse(e.After!)!).ToList();
        Assert.Equal(["evidence", "evidence", "control", "soa", "ncs", "export"], after.Select(a => (string)a["command"]!));

        Assert.Equal("A.6.2.6", (string?)after[0]["control"]);
        Assert.Equal("2026-02-01", (string?)after[0]["since"]);
        Assert.Equal(1, (int)after[0]["page"]!);
        Assert.Equal(ids.Take(20), after[0]["evidence"]!.AsArray().Select(i => (string)i!));
        Assert.Equal(2, (int)after[1]["page"]!);
        Assert.Equal(ids.Skip(20), after[1]["evidence"]!.AsArray().Select(i => (string)i!));
        Assert.Equal("A.6.2.6", (string?)after[2]["arguments"]);
        Assert.Equal("open", (string?)after[4]["filter"]);
        Assert.Equal("evidence A.6.2.6 since 2026-02-01", (string?)after[5]["arguments"]);

        Assert.Single(Ledger.Events, e => e.Action == LedgerEvents.LedgerViewed.Name && e.ActorId == Auditor);
        var delivered = Assert.Single(Ledger.Events, e => e.Action == "export.delivered");
        Assert.Equal(Auditor, delivered.ActorId);
    }

    [Fact]
    public async Task A_ledger_outage_means_the_auditor_gets_no_answer()
    {
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 3, Start, TimeSpan.FromHours(1));
        Ledger.FailNextAppend = true;
        var activity = Bot.Activity("message", "evidence A.6.2.6", userAadId: Auditor);
        var response = await Bot.PostAsync(activity);

        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("Evidence for A.6.2.6", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("evidence A.6' or PartitionKey ne '")]
    [InlineData("evidence A.6.2.6' or PartitionKey ne '")]
    [InlineData("evidence A.6.2.6 system x' or '1' eq '1")]
    [InlineData("evidence A.6.2.6 system ' or PartitionKey gt '")]
    [InlineData("evidence A.6.2.6 since 2026-01-01' or RowKey gt '")]
    [InlineData("evidence A.6.2.6 since '2026-01-01'")]
    [InlineData("evidence A.6.2.6 until 2026-01-01 or true")]
    [InlineData("evidence A.6.2.6 system credit-scorer|A.6.2.6")]
    [InlineData("export evidence A.6.2.6 system x' or '1' eq '1")]
    public async Task Injection_strings_find_nothing_they_should_not_and_get_a_friendly_message(string text)
    {
        await AddSystemAsync("Credit Scorer");
        var mine = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 3, Start, TimeSpan.FromHours(1), "https://mine.example/");
        await SeedEvidenceAsync(OtherTenant, "org", "A.6.2.6", 3, Start, TimeSpan.FromHours(1), "https://other-tenant.example/");
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 3, Start, TimeSpan.FromHours(1), "https://organisation.example/");

        var reply = await SayAsync(text, userAadId: Lead);

        Assert.Null(reply.Card);
        Assert.DoesNotContain("other-tenant.example", reply.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("mine.example", reply.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("organisation.example", reply.Shown, StringComparison.Ordinal);
        Assert.Matches("not an Annex A control|don't know an AI system|not a date I can read|Use: \\*\\*", reply.Text!);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));
        Assert.Equal(3, mine.Count);
    }

    [Fact]
    public async Task Ncs_lists_what_the_table_holds_filtered_in_the_query_and_is_for_the_audit_roles()
    {
        Assert.Equal("No nonconformities have been recorded.", (await SayAsync("ncs", userAadId: Auditor)).Text);

        await Ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0001", Title = "Drift monitoring skipped in March", ControlId = "A.6.2.6", Scope = "credit-scorer", Status = NonconformityRepository.Open, RaisedBy = Lead, RaisedAt = Start, OwnerUserId = Owner, OwnerName = "Dana Owner", DueOn = "2026-04-30" });
        await Ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0002", Title = "AI policy review overdue", ControlId = "A.2.4", Scope = "org", Status = NonconformityRepository.Closed, RaisedBy = Lead, RaisedAt = Start, OwnerUserId = "aad-someone", ClosedAt = Start.AddDays(9) });
        await Ncs.AddAsync(OtherTenant, new NonconformityRow { RowKey = "NC-0003", Title = "Another tenant's finding", Status = NonconformityRepository.Open, RaisedBy = "x", RaisedAt = Start });

        var all = await SayAsync("ncs", userAadId: Auditor);
        Assert.Contains("Drift monitoring skipped in March", all.Shown, StringComparison.Ordinal);
        Assert.Contains("AI policy review overdue", all.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Another tenant", all.Shown, StringComparison.Ordinal);

        // Rows written before the workflow (NC-0001 keys) are shown by their ids as people type them.
        var open = await SayAsync("ncs open", userAadId: Lead);
        Assert.Contains("**NC-1**", open.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("NC-2", open.Shown, StringComparison.Ordinal);

        Assert.Equal("No nonconformities are yours (as owner or as the person who raised them).", (await SayAsync("ncs mine", userAadId: Auditor)).Text);
        Assert.Contains("**NC-2**", (await SayAsync("ncs mine", userAadId: Lead)).Shown, StringComparison.Ordinal);
        Assert.Contains("Drift monitoring skipped in March", (await SayAsync("nc NC-1", userAadId: Auditor)).Shown, StringComparison.Ordinal);
        Assert.Contains("ncs open", (await SayAsync("ncs closed' or '1' eq '1", userAadId: Lead)).Text, StringComparison.Ordinal);
        Assert.Contains("not available to you", (await SayAsync("ncs", userAadId: Owner)).Text, StringComparison.Ordinal);
    }
}
