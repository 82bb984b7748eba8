using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Scheduling;

public class EvidenceCadenceTests
{
    [Theory]
    [InlineData("monthly", CadenceKind.Monthly)]
    [InlineData(" Monthly ", CadenceKind.Monthly)]
    [InlineData("QUARTERLY", CadenceKind.Quarterly)]
    [InlineData("half-yearly", CadenceKind.HalfYearly)]
    [InlineData("semi-annual", CadenceKind.HalfYearly)]
    [InlineData("6-monthly", CadenceKind.HalfYearly)]
    [InlineData("yearly", CadenceKind.Yearly)]
    [InlineData("annually", CadenceKind.Yearly)]
    [InlineData("cron 0 9 1 */3 *", CadenceKind.Cron)]
    [InlineData("0 9 * * 1", CadenceKind.Cron)]
    [InlineData("cron:  0  9  1  *  *", CadenceKind.Cron)]
    public void People_can_type_a_cadence_in_several_ways(string typed, CadenceKind kind) =>
        Assert.Equal(kind, Build.Ok(EvidenceCadence.Parse(typed)).Kind);

    [Fact]
    public void Calendar_cadences_are_whole_months()
    {
        Assert.Equal(1, EvidenceCadence.Monthly.Months);
        Assert.Equal(3, EvidenceCadence.Quarterly.Months);
        Assert.Equal(6, EvidenceCadence.HalfYearly.Months);
        Assert.Equal(12, EvidenceCadence.Yearly.Months);
        Assert.Null(Build.Ok(EvidenceCadence.FromCron("0 9 1 * *")).Months);
    }

    [Theory]
    [InlineData("fortnightly", "is not a cadence")]
    [InlineData("", "is not a cadence")]
    [InlineData("cron 99 9 * * *", "not a valid cron expression")]
    [InlineData("cron 0 9 * *", "five-field")]
    [InlineData("cron 0 0 9 1 * *", "five-field")]
    [InlineData("cron 0 0 30 2 *", "never occurs")]
    [InlineData("cron 0 0 31 4 *", "never occurs")]
    [InlineData("cron 0 9 1 * MON-FUN", "not a valid cron expression")]
    [InlineData("cron H 9 1 * *", "not a valid cron expression")]
    public void Bad_cadences_are_refused_with_a_hint(string typed, string phrase)
    {
        var error = Build.Fails(EvidenceCadence.Parse(typed), "cadence.invalid");
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_cron_expression_is_refused() =>
        Build.Fails(EvidenceCadence.FromCron("0 9 1 " + string.Join(',', Enumerable.Range(1, 12)) + " " + new string('1', 100)), "cadence.invalid");

    [Theory]
    [InlineData("monthly", "monthly")]
    [InlineData("semiannually", "half-yearly")]
    [InlineData("annual", "yearly")]
    [InlineData("cron   0 9   1 */3 *", "cron 0 9 1 */3 *")]
    public void A_cadence_prints_in_a_form_that_reads_back_the_same(string typed, string printed)
    {
        var cadence = Build.Ok(EvidenceCadence.Parse(typed));

        Assert.Equal(printed, cadence.ToString());
        Assert.Equal(cadence, Build.Ok(EvidenceCadence.Parse(cadence.ToString())));
    }

    [Fact]
    public void Time_zone_names_from_Teams_and_from_Graph_resolve_to_the_same_zone()
    {
        Assert.True(TimeZones.TryFind("Pacific/Auckland", out var iana));
        Assert.True(TimeZones.TryFind("New Zealand Standard Time", out var windows));
        var instant = new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(13), iana.GetUtcOffset(instant));
        Assert.Equal(iana.GetUtcOffset(instant), windows.GetUtcOffset(instant));

        Assert.False(TimeZones.TryFind("Mars/Olympus_Mons", out _));
        Assert.Same(TimeZoneInfo.Utc, TimeZones.FindOrUtc(null));
        Assert.Same(TimeZoneInfo.Utc, TimeZones.FindOrUtc("UTC"));
    }
}
