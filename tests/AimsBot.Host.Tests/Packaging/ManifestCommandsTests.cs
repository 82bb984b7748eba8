using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The command menu Teams shows (manifest/manifest.json, commandLists) is what <c>help</c> shows someone with no
/// AIMS role, in help's order, at most 10 (Teams' limit): adding a command to the bot without adding it to
/// the manifest fails here, with the JSON to paste.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ManifestCommandsTests
{
    private const int TeamsCommandLimit = 10;
    private readonly CardSampleHost _host;

    public ManifestCommandsTests(CardSampleHost host) => _host = host;

    [Fact]
    public void The_manifest_lists_the_commands_help_shows_in_every_scope()
    {
        var person = _host.Person();
        // Teams shows at most ten: help and whoami (a newcomer's first two questions) always, then the rest by name.
        var expected = _host.Services.GetRequiredService<CommandRouter>().AvailableTo(person)
            .OrderBy(c => c.Name is "help" or "whoami" ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(TeamsCommandLimit)
            .Select(c => new JsonObject { ["title"] = c.Name, ["description"] = c.Summary })
            .ToList();
        var expectedJson = new JsonArray([.. expected]).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "manifest", "manifest.json")))!;
        var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();
        var scopes = lists.SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string)s!)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["groupChat", "personal", "team"], scopes);
        foreach (var list in lists)
        {
            var actual = list!["commands"]!.AsArray().Select(c => ((string)c!["title"]!, (string)c["description"]!)).ToList();
            var wanted = expected.Select(c => ((string)c["title"]!, (string)c["description"]!)).ToList();
            Assert.True(
                wanted.SequenceEqual(actual),
                $"manifest/manifest.json commandLists ({string.Join(", ", list["scopes"]!.AsArray())}) must be:{Environment.NewLine}{expectedJson}");
        }
    }

    [Fact]
    public void Every_command_in_the_manifest_reaches_its_command_and_fits_the_Teams_menu()
    {
        var router = _host.Services.GetRequiredService<CommandRouter>();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "manifest", "manifest.json")))!;
        foreach (var command in manifest["bots"]![0]!["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray()))
        {
            var title = (string)command!["title"]!;
            Assert.Equal(title, router.Match(title).Command?.Name);
            Assert.InRange(title.Length, 1, 32);
            Assert.InRange(((string)command["description"]!).Length, 1, 128);
        }
    }
}
