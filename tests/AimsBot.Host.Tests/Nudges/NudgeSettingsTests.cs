using AimsBot.Nudges;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Nudges;

public sealed class NudgeSettingsTests
{
    private static NudgeOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddNudges(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<NudgeOptions>>().Value;
    }

    [Fact]
    public void Configured_escalation_days_and_working_days_replace_the_defaults_instead_of_adding_to_them()
    {
        var options = Bind(new() { ["Nudges:EscalationDays:0"] = "3", ["Nudges:WorkingDays:0"] = "Saturday", ["Nudges:WorkingDays:1"] = "Sunday" });

        Assert.Equal([3], options.EscalationDays);
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], options.WorkingDays);
    }

    [Fact]
    public void Without_settings_the_defaults_hold()
    {
        var options = Bind([]);

        Assert.Equal([7, 21], options.EscalationDays);
        Assert.Equal(5, options.WorkingDays.Count);
        Assert.Equal("*/15 * * * *", options.ScanCron);
    }

    [Theory]
    [InlineData("00:00:11")]
    [InlineData("-00:00:01")]
    public void A_nudge_now_wait_beyond_what_a_chat_turn_allows_is_refused_naming_the_key(string wait)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Nudges:NudgeNowWait"] = wait }));

        Assert.Contains($"Nudges:NudgeNowWait '{TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture)}' must be between 00:00:00 and 00:00:10", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nudges__NudgeNowWait", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nudge_now_waits_five_seconds_unless_configured()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Bind([]).NudgeNowWait);
        Assert.Equal(TimeSpan.FromSeconds(2), Bind(new() { ["Nudges:NudgeNowWait"] = "00:00:02" }).NudgeNowWait);
    }
}
