using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Register;

namespace AimsBot.Host.Tests.Register;

/// <summary><c>soa</c> and <c>soa exclude</c> through the real host.</summary>
public sealed class SoaCommandsTests : RegisterHostTest
{
    [Fact]
    public async Task The_soa_lists_every_control_once_per_objective_as_a_small_enough_card()
    {
        var reply = await SayAsync("soa", userAadId: Auditor);

        Assert.Equal("1.5", (string?)reply.Card!["version"]);
        Assert.Contains("Statement of Applicability — the organisation", reply.Shown, StringComparison.Ordinal);
        foreach (var control in Domain.Catalogue.AnnexA.Controls)
        {
            Assert.Contains($"**{control.Id}** ", reply.Shown, StringComparison.Ordinal);
        }

        Assert.True(reply.CardBytes < 28_000, $"The SoA card is {reply.CardBytes} bytes.");
    }

    [Fact]
    public async Task A_compliance_lead_excludes_a_control_for_everyone_and_each_system_inherits_it()
    {
        await AddSystemAsync("Credit Scorer");
        var reply = await SayAsync("soa exclude a7.2 because We train no models; every AI system we run is bought in.");

        Assert.Contains("Excluded A.7.2", reply.Text, StringComparison.Ordinal);
        Assert.Contains("every AI system", reply.Text, StringComparison.Ordinal);
        var stored = await ControlAsync("A.7.2");
        Assert.True(stored!.Instance.Applicability.IsExcluded);
        Assert.Equal("We train no models; every AI system we run is bought in.", stored.Instance.Applicability.Justification);
        Assert.Equal(Lead, stored.Instance.Applicability.DecidedBy);
        Assert.Equal(LedgerEvents.ControlExcluded.Name, Ledger.Events[^1].Action);
        Assert.Equal("org/A.7.2", Ledger.Events[^1].EntityId);

        var soa = await SayAsync("soa system Credit Scorer", userAadId: Auditor);
        Assert.Contains("37 included, 1 excluded", soa.Shown, StringComparison.Ordinal);
        Assert.Contains("Excluded: We train no models", soa.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exclusion_for_one_system_stays_with_that_system()
    {
        await AddSystemAsync("Credit Scorer");
        await AddSystemAsync("Chat Assistant");
        await SayAsync("soa exclude A.7.3 system Chat Assistant because it uses only a vendor model with no data of ours");

        Assert.True((await ControlAsync("A.7.3", "chat-assistant"))!.Instance.Applicability.IsExcluded);
        Assert.False((await ControlAsync("A.7.3", "credit-scorer"))!.Instance.Applicability.IsExcluded);
        Assert.Null(await ControlAsync("A.7.3"));
    }

    [Fact]
    public async Task An_auditor_cannot_exclude_and_nothing_is_written()
    {
        var reply = await SayAsync("soa exclude A.7.2 because auditors should not be able to do this", userAadId: Auditor);
        Assert.Contains("not available to you", reply.Text, StringComparison.Ordinal);
        Assert.Null(await ControlAsync("A.7.2"));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task An_exclusion_needs_a_real_justification_and_a_missing_one_changes_nothing()
    {
        var noBecause = await SayAsync("soa exclude A.7.2");
        Assert.Contains("after 'because'", noBecause.Text, StringComparison.Ordinal);
        var tooShort = await SayAsync("soa exclude A.7.2 because n/a");
        Assert.Contains("at least 10 characters", tooShort.Text, StringComparison.Ordinal);
        var unknownSystem = await SayAsync("soa exclude A.7.2 system Nonexistent because it does not matter here");
        Assert.Contains("I don't know an AI system called 'Nonexistent'", unknownSystem.Text, StringComparison.Ordinal);

        Assert.Null(await ControlAsync("A.7.2"));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Nothing_after_because_gets_the_domains_reason_and_the_command_to_type()
    {
        var reply = await SayAsync("soa exclude a7.2 because   ");

        // The rule and its wording are the domain's; the example command is the chat's.
        Assert.Equal("Excluding A.7.2 needs a justification: say why it does not apply. For example: **soa exclude A.7.2 because we train no models**.", reply.Text);
        Assert.Null(await ControlAsync("A.7.2"));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task The_soa_card_stays_small_even_with_every_control_excluded_at_length()
    {
        var longReason = "This control does not apply because " + new string('x', Applicability.JustificationMax - 40);
        foreach (var control in Domain.Catalogue.AnnexA.Controls)
        {
            var reply = await SayAsync($"soa exclude {control.Id} because {longReason}");
            Assert.Contains("Excluded", reply.Text, StringComparison.Ordinal);
        }

        var soa = await SayAsync("soa");
        Assert.Contains("0 included, 38 excluded", soa.Shown, StringComparison.Ordinal);
        Assert.True(soa.CardBytes < 28_000, $"The SoA card is {soa.CardBytes} bytes.");
    }
}
