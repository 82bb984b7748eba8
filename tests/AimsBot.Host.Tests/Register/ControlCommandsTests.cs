using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Register;
using AimsBot.Teams.Tests.Support;

namespace AimsBot.Host.Tests.Register;

/// <summary><c>controls</c>, <c>control</c> and <c>owner</c> through the real host.</summary>
public sealed class ControlCommandsTests : RegisterHostTest
{
    [Fact]
    public async Task Controls_lists_all_38_per_objective_and_marks_what_a_system_inherits()
    {
        await AddSystemAsync("Credit Scorer");

        var org = await SayAsync("controls", userAadId: Owner);
        Assert.Contains("Controls — the organisation", org.Shown, StringComparison.Ordinal);
        Assert.Contains("38 controls: 38 included, 0 excluded", org.Shown, StringComparison.Ordinal);
        Assert.Contains("A.10 Third-party and customer relationships", org.Shown, StringComparison.Ordinal);
        Assert.Contains("**A.10.4** Customers", org.Shown, StringComparison.Ordinal);

        var system = await SayAsync("controls system Credit Scorer", userAadId: Auditor);
        Assert.Contains("Controls — Credit Scorer", system.Shown, StringComparison.Ordinal);
        Assert.Contains("from the organisation", system.Shown, StringComparison.Ordinal);
        Assert.Contains("next due", system.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_accepts_a_forgiving_id_and_shows_status_owner_cadence_and_due_date()
    {
        await AddSystemAsync("Credit Scorer");
        var reply = await SayAsync("control a6.2.6 system credit scorer", userAadId: Auditor);

        Assert.Contains("A.6.2.6 AI system operation and monitoring", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("yearly", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("none yet", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("Good evidence", reply.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Add evidence", reply.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_control_gets_a_did_you_mean_and_changes_nothing()
    {
        var reply = await SayAsync("control A.6.2.9");
        Assert.Contains("Did you mean A.6.2.8", reply.Text, StringComparison.Ordinal);

        var owner = await SayAsync("owner A.6.2.9 olga@contoso.example");
        Assert.Contains("is not an Annex A control id", owner.Text, StringComparison.Ordinal);
        var heading = await SayAsync("soa exclude A.6.2 because headings are not controls at all");
        Assert.Contains("is a heading, not a control", heading.Text, StringComparison.Ordinal);
        await foreach (var _ in Controls.ListTenantAsync(Tenant))
        {
            Assert.Fail("Nothing should have been written.");
        }

        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Owner_by_a_known_upn_names_that_person_and_their_time_zone_sets_the_due_dates()
    {
        await RecordUserAsync("aad-olga", "Olga Owner", "olga@contoso.example", "Pacific/Auckland");
        var reply = await SayAsync("owner A.2.2 OLGA@contoso.example");

        Assert.Contains("**Olga Owner** now owns A.2.2 AI policy for the organisation", reply.Text, StringComparison.Ordinal);
        var stored = await ControlAsync("A.2.2");
        Assert.Equal("aad-olga", stored!.Instance.OwnerUserId);
        Assert.Equal("Olga Owner", stored.OwnerName);
        Assert.Equal("Pacific/Auckland", stored.Instance.DueZone.Id);

        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.OwnerAssigned.Name, recorded.Action);
        Assert.Equal("org/A.2.2", recorded.EntityId);
        Assert.Null(recorded.Before);
        Assert.Contains("aad-olga", recorded.After, StringComparison.Ordinal);

        var control = await SayAsync("control A.2.2", userAadId: Auditor);
        Assert.Contains("Olga Owner", control.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owner_by_mention_takes_the_mentioned_person_and_a_system_gets_its_own_answer()
    {
        await AddSystemAsync("Credit Scorer");
        var reply = await SayAsync("owner A.2.2 system Credit Scorer <at>Mia Mentioned</at>", edit: activity =>
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>Mia Mentioned</at>",
                ["mentioned"] = new JsonObject { ["id"] = "29:mia", ["name"] = "Mia Mentioned", ["aadObjectId"] = "aad-mia" },
            }));

        Assert.Contains("**Mia Mentioned** now owns A.2.2", reply.Text, StringComparison.Ordinal);
        Assert.Contains("answers A.2.2 itself", reply.Text, StringComparison.Ordinal);
        var stored = await ControlAsync("A.2.2", "credit-scorer");
        Assert.Equal("aad-mia", stored!.Instance.OwnerUserId);
        Assert.Null(await ControlAsync("A.2.2"));
    }

    [Fact]
    public async Task Owner_by_an_unknown_upn_is_kept_as_a_pending_owner()
    {
        // Nobody in the Users table, and the conversation has no such member.
        Bot.Connector.Responder = r => r.Path.Contains("/members/", StringComparison.Ordinal) ? FakeResponse.Error(404, "NotFound", "Member not found") : null;
        var reply = await SayAsync("owner A.3.3 New.Hire@Contoso.example");

        Assert.Contains("pending", reply.Text, StringComparison.Ordinal);
        var stored = await ControlAsync("A.3.3");
        Assert.Equal("new.hire@contoso.example", stored!.Instance.OwnerUserId);
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task Owner_by_a_upn_the_conversation_knows_takes_the_members_object_id()
    {
        // The fake connector knows Ada Lovelace (ada@contoso.example) as a member of the conversation.
        var reply = await SayAsync("owner A.3.2 ada@contoso.example");
        Assert.Contains("**Ada Lovelace** now owns A.3.2", reply.Text, StringComparison.Ordinal);
        Assert.Equal("6f1c3a4e-0000-4000-8000-000000000001", (await ControlAsync("A.3.2"))!.Instance.OwnerUserId);
    }

    [Fact]
    public async Task Only_a_compliance_lead_names_owners_and_a_refusal_writes_nothing()
    {
        var reply = await SayAsync("owner A.2.2 olga@contoso.example", userAadId: Owner);
        Assert.Contains("not available to you", reply.Text, StringComparison.Ordinal);
        Assert.Null(await ControlAsync("A.2.2"));

        var usage = await SayAsync("owner A.2.2");
        Assert.Contains("Use: **owner &lt;id&gt; [system &lt;name&gt;] &lt;@mention|upn&gt;**", usage.Text, StringComparison.Ordinal);
        var nonsense = await SayAsync("owner A.2.2 not-a-person");
        Assert.Contains("@mention the person", nonsense.Text, StringComparison.Ordinal);
        Assert.Null(await ControlAsync("A.2.2"));
        Assert.Empty(Ledger.Events);
    }
}
