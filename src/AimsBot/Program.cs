using AimsBot.Hosting;
using AimsBot.Import;

// `dotnet AimsBot.dll import <file.csv> [--dry-run] [--tenant <id>]`: the register import for administrators,
// with the bot's own services and configuration, and no web server.
if (args is ["import", .. var importArgs])
{
    return await ImportCli.RunAsync(importArgs, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAimsBot();

var app = builder.Build();
app.MapAimsBot();
await app.RunAsync();
return 0;

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
