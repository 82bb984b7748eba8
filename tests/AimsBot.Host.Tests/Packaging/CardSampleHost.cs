using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Host.Tests.Support;
using AimsBot.Storage;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The host as the bot runs (Development, Azurite), building every <see cref="CardSamples"/> card through the
/// bot's own commands and card actions, writing each to <c>.artifacts/cards/</c> and checking them all with
/// one run of <c>tests/e2e/lib/check-cards.mjs</c> (the Adaptive Cards JS renderer).
/// </summary>
public sealed class CardSampleHost : IAsyncLifetime
{
    public const string Tenant = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private readonly Dictionary<string, CardCheck> _checks = new(StringComparer.Ordinal);

    /// <summary>The host, on a clock that starts at <see cref="TestClock.Default"/>, so every sample shows the same dates.</summary>
    public BotHostFactory Factory { get; } = new("Development", clock: new RunningClock(TestClock.Default));

    public IServiceProvider Services => Factory.Services;

    public static string CardsFolder => Path.Combine(TestEnvironment.RepoRoot, ".artifacts", "cards");

    public static string Checker => Path.Combine(TestEnvironment.RepoRoot, "tests", "e2e", "lib", "check-cards.mjs");

    public async Task InitializeAsync()
    {
        await Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        if (Directory.Exists(CardsFolder))
        {
            Directory.Delete(CardsFolder, recursive: true);
        }

        Directory.CreateDirectory(CardsFolder);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in CardSamples.All)
        {
            try
            {
                var json = (await sample.Build(this)).ToJson();
                var file = Path.Combine(CardsFolder, sample.Name + ".json");
                await File.WriteAllTextAsync(file, json);
                files[sample.Name] = file;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _checks[sample.Name] = new CardCheck(null, 0, [$"building the sample threw {ex.GetType().Name}: {ex.Message}"]);
            }
        }

        foreach (var (name, check) in await CheckFilesAsync(files))
        {
            _checks[name] = check;
        }
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    public CardCheck CheckOf(string sample) => _checks[sample];

    /// <summary>Someone in the sample tenant with these AIMS roles.</summary>
    public Caller Person(params Role[] roles) => new(Tenant, "aad-sample-0001", "29:sample-0001", "Dana Owner", roles.ToHashSet());

    public IReadOnlyList<AimsBot.Workflows.CommandDeclaration> CommandsFor(Caller caller) =>
        Services.GetRequiredService<CommandRouter>().AvailableTo(caller).ToList();

    /// <summary>What the registered workflows say of themselves on the welcome card.</summary>
    public IReadOnlyList<AimsBot.Workflows.WelcomeLine> WelcomeLines => Services.GetServices<AimsBot.Workflows.WelcomeLine>().ToList();

    /// <summary>Runs a chat command as the bot would for this caller and returns the card it answers with.</summary>
    public async Task<AdaptiveCard> RunCommandAsync(string text, Caller caller)
    {
        var match = Services.GetRequiredService<CommandRouter>().Match(text);
        var command = match.Command ?? throw new InvalidOperationException($"No command matches '{text}'.");
        var handler = (IChatCommand)Services.GetRequiredService(command.HandlerType);
        var reply = await handler.ExecuteAsync(new CommandContext(caller, match.Arguments, Turn(caller, text), command), CancellationToken.None);
        return reply.Card ?? throw new InvalidOperationException($"'{text}' answered with text, not a card.");
    }

    /// <summary>Presses a card button (its verb and data) as this caller and returns the card that replaces it.</summary>
    public async Task<AdaptiveCard> PressAsync(string verb, Caller caller, JsonObject data)
    {
        var declaration = Services.GetRequiredService<AimsBot.Workflows.WorkflowCatalog>().FindVerb(verb) ?? throw new InvalidOperationException($"No workflow declares the verb '{verb}'.");
        var handler = (ICardActionHandler)Services.GetRequiredService(declaration.HandlerType);
        using var document = JsonDocument.Parse(data.ToJsonString());
        var outcome = await handler.HandleAsync(new CardActionContext(caller, verb, document.RootElement.Clone(), Turn(caller, null)), CancellationToken.None);
        return outcome.Card ?? throw new InvalidOperationException($"Pressing '{verb}' answered '{outcome.Message}', not a card.");
    }

    /// <summary>Runs the JS checker on the given card files (name → path).</summary>
    public static async Task<Dictionary<string, CardCheck>> CheckFilesAsync(IReadOnlyDictionary<string, string> files)
    {
        var results = new Dictionary<string, CardCheck>(StringComparer.Ordinal);
        if (files.Count == 0)
        {
            return results;
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Checker);
        foreach (var file in files.Values)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var output = (await stdout).Trim();
        if (process.ExitCode is not (0 or 1) || output.Length == 0)
        {
            throw new InvalidOperationException($"check-cards.mjs failed (exit {process.ExitCode}; is `npm ci` done?): {await stderr}");
        }

        var byFile = files.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        foreach (var result in JsonNode.Parse(output)!.AsArray())
        {
            var name = byFile[(string)result!["file"]!];
            results[name] = new CardCheck(
                (string?)result["version"],
                (int)result["bytes"]!,
                result["problems"]!.AsArray().Select(p => (string)p!).ToList());
        }

        return results;
    }

    private static TurnContext Turn(Caller caller, string? text)
    {
        var activity = AimsBot.Teams.Activities.Activity.CreateMessage(text);
        activity.Id = Guid.NewGuid().ToString("N");
        activity.ChannelId = "msteams";
        activity.ServiceUrl = "https://smba.trafficmanager.net/emea/";
        activity.From = new ChannelAccount { Id = caller.TeamsUserId, Name = caller.Name, AadObjectId = caller.AadObjectId };
        activity.Recipient = new ChannelAccount { Id = "28:sample-bot", Name = "AimsBot" };
        activity.Conversation = new ConversationAccount { Id = "a:sample-personal", ConversationType = "personal", TenantId = caller.TenantId };
        return new TurnContext(activity, caller.TenantId, identity: null, isAnonymous: true);
    }
}

/// <summary>The packaging tests share one host and one run of the card checker.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<CardSampleHost>
{
    public const string Name = "Packaging";
}

/// <summary>What the JS checker found for one card.</summary>
public sealed record CardCheck(string? Version, int Bytes, IReadOnlyList<string> Problems);
