using AimsBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAimsBot();

var app = builder.Build();
app.MapAimsBot();
await app.RunAsync();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
