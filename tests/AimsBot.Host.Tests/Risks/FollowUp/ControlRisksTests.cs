namespace AimsBot.Host.Tests.Risks.FollowUp;

/// <summary>The SoA and <c>control &lt;id&gt;</c> name the risks a control treats (its inclusion's justification).</summary>
public sealed class ControlRisksTests : RiskFollowUpHost
{
    [Fact]
    public async Task The_SoA_row_and_control_A_6_2_6_name_the_risks_treating_it()
    {
        await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(30)], ["A.6.2.6", "A.7.4"]);
        await ApprovedRiskAsync("Drift goes unnoticed", [Today.AddDays(30)], ["A.6.2.6"]);
        await ApprovedRiskAsync("Bureau data kept too long", [Today.AddDays(30)], ["A.7.4"]);

        var soa = Text(await SayAsync("soa system Credit Scorer", Lead));
        Assert.Contains("treats R-1, R-2", soa, StringComparison.Ordinal);
        Assert.Contains("treats R-1, R-3", soa, StringComparison.Ordinal);

        var control = Text(await SayAsync("control A.6.2.6 system Credit Scorer", Lead));
        Assert.Contains("Treats risks", control, StringComparison.Ordinal);
        Assert.Contains("**R-1** Thin-file applicants refused · low · approved", control, StringComparison.Ordinal);
        Assert.Contains("**R-2** Drift goes unnoticed · low · approved", control, StringComparison.Ordinal);
        Assert.DoesNotContain("R-3", control, StringComparison.Ordinal);

        // Someone who may not read the risks sees the ids only (as on the SoA), not their titles.
        var stranger = Text(await SayAsync("control A.6.2.6 system Credit Scorer", Colleague));
        Assert.Contains("**R-1** (say **risk R-1** if you may see it)", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("Thin-file", stranger, StringComparison.Ordinal);

        // A control no risk names shows no such section.
        Assert.DoesNotContain("Treats risks", Text(await SayAsync("control A.5.2 system Credit Scorer", Lead)), StringComparison.Ordinal);
    }
}
