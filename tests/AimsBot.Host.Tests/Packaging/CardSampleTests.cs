using System.Reflection;
using AimsBot.Commands;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// Every card the bot can send renders in the Adaptive Cards JS renderer with no parse errors or warnings, at
/// schema version 1.5 at most and under 28 KB — and no card builder, command or card verb goes unsampled.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class CardSampleTests
{
    private readonly CardSampleHost _host;

    public CardSampleTests(CardSampleHost host) => _host = host;

    [Theory]
    [MemberData(nameof(CardSamples.Names), MemberType = typeof(CardSamples))]
    public void The_card_renders_without_errors_or_warnings_within_Teams_limits(string sample)
    {
        var check = _host.CheckOf(sample);
        Assert.True(check.Problems.Count == 0, $"{sample}: {string.Join(Environment.NewLine, check.Problems)}");
        Assert.Equal(AdaptiveCard.MaxVersion, check.Version);
        Assert.InRange(check.Bytes, 1, (28 * 1024) - 1);
        Assert.True(File.Exists(Path.Combine(CardSampleHost.CardsFolder, sample + ".json")), "the sample is kept as a test artefact");
    }

    [Fact]
    public void Every_card_builder_of_the_bot_has_a_sample()
    {
        var builders = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("AimsBot", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && !m.Name.Contains('<', StringComparison.Ordinal)) // not property getters or compiler-made members
                .Where(m => m.ReturnType == typeof(AdaptiveCard) || m.ReturnType == typeof(Task<AdaptiveCard>))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .ToList();
        Assert.NotEmpty(builders);
        var missing = builders.Where(b => !Covered(b)).ToList();
        Assert.True(missing.Count == 0, $"Add a sample to CardSamples.All for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_chat_command_has_a_card_sample_or_is_declared_text_only()
    {
        var commands = _host.Services.GetRequiredService<CommandRouter>().Commands.Select(c => c.Name).ToList();
        Assert.Contains("help", commands);
        var missing = commands.Where(c => !Covered("command:" + c) && !CardSamples.TextOnlyCommands.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"Add a sample to CardSamples.All (or the name to TextOnlyCommands) for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_card_verb_has_a_sample_of_the_card_it_answers_with()
    {
        var verbs = _host.Services.GetRequiredService<AimsBot.Workflows.WorkflowCatalog>().Verbs.Select(v => v.Verb).ToList();
        Assert.NotEmpty(verbs);
        var missing = verbs.Where(v => !Covered("verb:" + v)).ToList();
        Assert.True(missing.Count == 0, $"Add a sample to CardSamples.All for the verbs: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_checker_rejects_cards_Teams_would_not_show()
    {
        var folder = Directory.CreateTempSubdirectory("aimsbot-cards-");
        try
        {
            var broken = new Dictionary<string, AdaptiveCard>
            {
                ["too-new"] = new() { Version = "1.6", Body = [new TextBlock("Hello")] },
                ["bad-values"] = new()
                {
                    Body = [new TextBlock("Hello") { Size = "Huge" }, new TextInput { Id = "reason" }, new TextInput { Id = "reason", Label = "Reason" }],
                    Actions = [new ExecuteAction { Title = "Go", Verb = "" }],
                },
                ["too-big"] = new() { Body = Enumerable.Range(0, 40).Select(i => (CardElement)new TextBlock(new string('x', 800))).ToList() },
            };
            var files = new Dictionary<string, string>();
            foreach (var (name, card) in broken)
            {
                files[name] = Path.Combine(folder.FullName, name + ".json");
                await File.WriteAllTextAsync(files[name], card.ToJson());
            }

            var checks = await CardSampleHost.CheckFilesAsync(files);

            Assert.Contains(checks["too-new"].Problems, p => p.Contains("above 1.5", StringComparison.Ordinal));
            var bad = checks["bad-values"].Problems;
            Assert.Contains(bad, p => p.Contains("InvalidPropertyValue", StringComparison.Ordinal) && p.Contains("Huge", StringComparison.Ordinal));
            Assert.Contains(bad, p => p.Contains("DuplicateId", StringComparison.Ordinal));
            Assert.Contains(bad, p => p.Contains("has no label", StringComparison.Ordinal));
            Assert.Contains(bad, p => p.Contains("without a verb", StringComparison.Ordinal));
            Assert.Contains(checks["too-big"].Problems, p => p.Contains("bytes serialized", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool Covered(string what) => CardSamples.All.Any(s => s.Covers.Contains(what, StringComparer.Ordinal));
}
