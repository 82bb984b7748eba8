using Microsoft.Extensions.Options;

namespace AimsBot.Hosting;

/// <summary>
/// Refuses to start on a configuration that cannot work, saying exactly what to set. Runs at start-up
/// (ValidateOnStart), before the host listens.
/// </summary>
internal sealed class BotOptionsValidator : IValidateOptions<BotOptions>
{
    private static readonly string[] AppTypes = ["SingleTenant", "MultiTenant", "UserAssignedMSI"];
    private readonly IHostEnvironment _environment;

    public BotOptionsValidator(IHostEnvironment environment) => _environment = environment;

    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var problems = new List<string>();
        if (!options.HasAppId)
        {
            if (!_environment.IsDevelopment())
            {
                problems.Add($"Bot:AppId is required in the {_environment.EnvironmentName} environment: set Bot__AppId to the bot's Entra app id. Local anonymous mode (no app id) is only allowed with ASPNETCORE_ENVIRONMENT=Development.");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }

        if (!AppTypes.Contains(options.AppType, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"Bot:AppType '{options.AppType}' is not known: set Bot__AppType to SingleTenant, MultiTenant or UserAssignedMSI.");
        }

        if (!string.Equals(options.AppType, "MultiTenant", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.TenantId))
        {
            problems.Add($"Bot:TenantId is required for Bot:AppType {options.AppType}: set Bot__TenantId to the Entra tenant id of the bot's app registration.");
        }

        if (!string.Equals(options.AppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.AppPassword))
        {
            problems.Add($"Bot:AppPassword is required for Bot:AppType {options.AppType}: set Bot__AppPassword from Key Vault or the environment, or use UserAssignedMSI.");
        }

        if (!Uri.TryCreate(options.OpenIdMetadataUrl, UriKind.Absolute, out var metadata) || (metadata.Scheme != Uri.UriSchemeHttps && !metadata.IsLoopback))
        {
            problems.Add($"Bot:OpenIdMetadataUrl '{options.OpenIdMetadataUrl}' must be an https URL (http only on loopback, for tests).");
        }

        if (options.AllowedTenants.Length == 0 && !string.IsNullOrWhiteSpace(options.TenantId))
        {
            // Sensible default: a single-tenant bot serves its own tenant.
            options.AllowedTenants = [options.TenantId];
        }

        if (options.AllowedTenants.Length == 0)
        {
            problems.Add("Bot:AllowedTenants is empty: list the tenant ids whose users may use the bot (Bot__AllowedTenants__0=<tenant id>).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
