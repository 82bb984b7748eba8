using AimsBot.Host.Tests.Support;
using static AimsBot.Host.Tests.Support.ExceptionMessages;

namespace AimsBot.Host.Tests.Register;

public sealed class RegisterSettingsTests
{
    [Fact]
    public void Startup_is_refused_with_a_register_zone_or_cadence_it_could_not_use_and_names_the_setting()
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            ["Register:OrganizationTimeZone"] = "Mars/Olympus_Mons",
            ["Register:DefaultCadence"] = "fortnightly",
        });

        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("Register:OrganizationTimeZone 'Mars/Olympus_Mons'", message, StringComparison.Ordinal);
        Assert.Contains("Register:DefaultCadence", message, StringComparison.Ordinal);
        Assert.Contains("'fortnightly' is not a cadence", message, StringComparison.Ordinal);
    }
}
