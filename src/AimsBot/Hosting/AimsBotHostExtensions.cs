using AimsBot.Access;
using AimsBot.Assessments;
using AimsBot.Audit;
using AimsBot.Conversations;
using AimsBot.Deployment;
using AimsBot.Digest;
using AimsBot.Digest.Chart;
using AimsBot.Files;
using AimsBot.Graph;
using AimsBot.Health;
using AimsBot.Import;
using AimsBot.Ledger;
using AimsBot.Nonconformities;
using AimsBot.Nonconformities.FollowUp;
using AimsBot.Nudges;
using AimsBot.Onboarding;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Retention;
using AimsBot.Risks;
using AimsBot.Scheduling;
using AimsBot.Storage;
using AimsBot.Teams.Hosting;
using AimsBot.Teams.Pacing;
using AimsBot.Telemetry;
using Microsoft.Extensions.Options;

namespace AimsBot.Hosting;

/// <summary>
/// The composition root: all of the bot's wiring, in one place (<c>builder.AddAimsBot()</c> then <c>app.MapAimsBot()</c>).
/// What is added, and in what order: the protocol layer, the conversation runtime, then each workflow with its one
/// registration call. Options sections are bound lazily and validated at start-up, never read here; only deployment
/// switches are (the listening address, Application Insights, whether storage uses the managed identity).
/// </summary>
public static class AimsBotHostExtensions
{
    public const int DefaultPort = 3978;

    public static WebApplicationBuilder AddAimsBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, BotOptionsValidator>();

        services.AddTableStorage(configuration, SystemStateStore.TableName);
        services.AddSingleton<SystemStateStore>();
        services.AddScheduling(configuration);

        // The Bot Framework protocol layer (knows no AIMS), then the conversation runtime on top of it.
        services.AddBotApplication(
            configuration.GetSection(BotOptions.SectionName),
            configuration.GetSection(PacingOptions.SectionName),
            allowLocalAnonymous: builder.Environment.IsDevelopment());
        services.AddConversations();
        services.AddRoles();

        // The workflows, one registration call each.
        services.AddOnboarding();
        services.AddFileExports();
        services.AddLedger();
        services.AddRegister(configuration);
        services.AddNudges(configuration);
        services.AddAssessments(configuration);
        services.AddRisks(configuration);
        services.AddAudit(configuration);
        services.AddNonconformities(configuration);
        services.AddNonconformityFollowUp();
        services.AddRegisterImport(configuration);
        services.AddRetention(configuration);
        services.AddDigest(configuration);
        services.AddDigestChart();

        services.AddProactiveDelivery(configuration);
        services.AddAimsBotHealth();
        services.AddAimsBotTelemetry(configuration);

        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            // The Bot Framework convention: port 3978. Loopback only for local work.
            builder.WebHost.UseUrls(builder.Environment.IsDevelopment() ? $"http://127.0.0.1:{DefaultPort}" : $"http://0.0.0.0:{DefaultPort}");
        }

        // Bot Framework activities are small; anything larger is refused before it is read.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        services.AddGraph(configuration);
        services.AddAzureCredential(configuration);
        return builder;
    }

    public static WebApplication MapAimsBot(this WebApplication app)
    {
        app.MapBotMessages();
        app.MapAimsBotHealth();
        app.MapDigestChart();
        app.MapSchedulingDashboard();
        return app;
    }
}
