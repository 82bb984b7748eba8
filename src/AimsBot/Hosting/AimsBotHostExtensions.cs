using AimsBot.Conversations;
using AimsBot.Deployment;
using AimsBot.Graph;
using AimsBot.Health;
using AimsBot.Proactive;
using AimsBot.Scheduling;
using AimsBot.Storage;
using AimsBot.Teams.Hosting;
using AimsBot.Telemetry;
using Microsoft.Extensions.Options;

namespace AimsBot.Hosting;

/// <summary>All of the bot's wiring, in one place: <c>builder.AddAimsBot()</c> then <c>app.MapAimsBot()</c>.</summary>
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
        services.AddBotConversations(configuration, builder.Environment);
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
        app.MapSchedulingDashboard();
        return app;
    }
}
