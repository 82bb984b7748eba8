using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;

namespace AimsBot.Host.Tests.Register;

/// <summary><c>implementation</c>: a control's owner or a compliance lead records how far it is implemented, in chat.</summary>
public sealed class ImplementationCommandTests : RegisterHostTest
{
    private const string Olga = "aad-olga";

    [Fact]
    public async Task The_owner_marks_a_control_implemented_the_soa_counts_it_and_the_ledger_has_it()
    {
        await RecordUserAsync(Olga, "Olga Owner", "olga@contoso.example");
        await SayAsync("owner A.2.2 olga@contoso.example");

        var reply = await SayAsync("implementation a2.2 implemented", userAadId: Olga);

        Assert.Contains("A.2.2", reply.Text, StringComparison.Ordinal);
        Assert.Contains("is now **implemented** for the organisation", reply.Text, StringComparison.Ordinal);
        Assert.Equal(ImplementationStatus.Implemented, (await ControlAsync("A.2.2"))!.Instance.Implementation);
        var recorded = Ledger.Events[^1];
        Assert.Equal(LedgerEvents.ImplementationSet.Name, recorded.Action);
        Assert.Equal("org/A.2.2", recorded.EntityId);
        Assert.Equal(Olga, recorded.ActorId);
        var soa = await SayAsync("soa", userAadId: Auditor);
        Assert.Contains("1 implemented", soa.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compliance_lead_sets_it_for_one_system_and_a_two_word_status_is_read()
    {
        await AddSystemAsync("Credit Scorer");

        var partial = await SayAsync("implementation A.6.2.6 system Credit Scorer partial");
        var notStarted = await SayAsync("implementation A.6.2.5 system Credit Scorer not started");

        Assert.Contains("is now **partially implemented** for Credit Scorer", partial.Text, StringComparison.Ordinal);
        Assert.Equal(ImplementationStatus.Partial, (await ControlAsync("A.6.2.6", "credit-scorer"))!.Instance.Implementation);
        Assert.Contains("is now **not started** for Credit Scorer", notStarted.Text, StringComparison.Ordinal);
        Assert.Null(await ControlAsync("A.6.2.6"));
    }

    [Fact]
    public async Task Someone_who_does_not_own_the_control_is_refused_by_the_domain_and_nothing_changes()
    {
        await RecordUserAsync(Olga, "Olga Owner", "olga@contoso.example");
        await SayAsync("owner A.2.2 olga@contoso.example");
        var before = Ledger.Events.Count;

        var reply = await SayAsync("implementation A.2.2 implemented", userAadId: "aad-someone-else");

        Assert.Contains("Only the control's owner or a compliance lead can change its implementation status.", reply.Text, StringComparison.Ordinal);
        Assert.Equal(ImplementationStatus.NotStarted, (await ControlAsync("A.2.2"))!.Instance.Implementation);
        Assert.Equal(before, Ledger.Events.Count);
    }

    [Theory]
    [InlineData("implementation A.2.2 done", "'done' is not a status")]
    [InlineData("implementation implemented", "Name the control and its status.")]
    [InlineData("implementation A.9.9.9 implemented", "A.9.9.9")]
    [InlineData("implementation A.2.2 system Nonexistent implemented", "I don't know an AI system called 'Nonexistent'")]
    public async Task Bad_input_is_explained_and_nothing_is_written(string command, string expected)
    {
        var reply = await SayAsync(command);

        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        Assert.Null(await ControlAsync("A.2.2"));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task An_auditor_changes_no_implementation_status()
    {
        var reply = await SayAsync("implementation A.2.2 implemented", userAadId: Auditor);

        Assert.Contains("not available to you", reply.Text, StringComparison.Ordinal);
        Assert.Null(await ControlAsync("A.2.2"));
        Assert.Empty(Ledger.Events);
    }
}
