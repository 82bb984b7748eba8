using System.Diagnostics;
using System.Globalization;
using System.Text;
using AimsBot.Teams.Activities;
using Activity = AimsBot.Teams.Activities.Activity;

namespace AimsBot.Benchmarks;

/// <summary>
/// Mention stripping on a ~250 KB message full of mentions: CPU time of the algorithm before issue #11 (quadratic)
/// against the one in <c>MentionText</c> now (linear), plus a check that both give the same text on random
/// Teams-shaped messages.
/// </summary>
internal static class MentionBenchmark
{
    private const string BotId = "28:6b0c4c7a-2a1e-4f39-9a57-1f6b8f0f3a11";

    public static Task RunAsync(string[] args)
    {
        var kilobytes = BenchmarkArgs.Int(args, "--kb", 250);
        var fuzzCases = BenchmarkArgs.Int(args, "--fuzz", 20000);
        var target = kilobytes * 1024;

        Console.WriteLine($"Mention stripping, messages of about {kilobytes} KB (CPU time of this process; wall time in brackets)");
        Console.WriteLine($"{"",-52} {"mentions",8} {"entities",8} {"old",18} {"new",18} {"same",5}");
        Measure("one entity, the bot mentioned over and over", Repeated(target, entityPerMention: false));
        Measure("one entity per mention (as Teams sends them)", Repeated(target, entityPerMention: true));
        Measure("a different mention text each time", Distinct(target));

        var mismatches = Fuzz(fuzzCases);
        Console.WriteLine($"Random Teams-shaped messages compared: {fuzzCases}, different results: {mismatches}");
        return Task.CompletedTask;
    }

    private static void Measure(string name, Activity activity)
    {
        // Warm up both on a small message first (JIT).
        var small = Repeated(4096, entityPerMention: true);
        _ = OldMentionText.Strip(small.Text, small.GetMentions().ToList(), BotId);
        _ = small.GetTextWithoutMentions();

        var mentions = activity.GetMentions().ToList();
        var (oldResult, oldCpu, oldWall) = Time(() => OldMentionText.Strip(activity.Text, mentions, BotId));
        var (newResult, newCpu, newWall) = Time(() => activity.GetTextWithoutMentions());
        var count = CountOf(activity.Text!, "<at>");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-52} {count,8} {mentions.Count,8} {Show(oldCpu, oldWall),18} {Show(newCpu, newWall),18} {(oldResult == newResult ? "yes" : "NO"),5}"));
    }

    private static (string? Result, TimeSpan Cpu, TimeSpan Wall) Time(Func<string?> strip)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = strip();
        wall.Stop();
        process.Refresh();
        return (result, process.TotalProcessorTime - cpu, wall.Elapsed);
    }

    private static string Show(TimeSpan cpu, TimeSpan wall) =>
        string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMilliseconds:F1} ms ({wall.TotalMilliseconds:F1})");

    private static Activity Message(string text, List<Entity> entities) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount { Id = BotId, Name = "AimsBot" },
        Entities = entities,
    };

    private static Entity Mention(string id, string name, string text) =>
        new() { Type = EntityTypes.Mention, Mentioned = new ChannelAccount { Id = id, Name = name }, Text = text };

    /// <summary><c>&lt;at&gt;AimsBot&lt;/at&gt; </c> until the message is full, then a command.</summary>
    private static Activity Repeated(int size, bool entityPerMention)
    {
        const string mention = "<at>AimsBot</at> ";
        var text = new StringBuilder(size + 16);
        var entities = new List<Entity>();
        while (text.Length + mention.Length < size)
        {
            text.Append(mention);
            if (entityPerMention || entities.Count == 0)
            {
                entities.Add(Mention(BotId, "AimsBot", "<at>AimsBot</at>"));
            }
        }

        text.Append("help");
        return Message(text.ToString(), entities);
    }

    /// <summary><c>&lt;at&gt;Bot 00001&lt;/at&gt; </c>, <c>&lt;at&gt;Bot 00002&lt;/at&gt; </c>... each its own entity of the bot.</summary>
    private static Activity Distinct(int size)
    {
        var text = new StringBuilder(size + 16);
        var entities = new List<Entity>();
        for (var i = 0; text.Length + 20 < size; i++)
        {
            var mention = string.Create(CultureInfo.InvariantCulture, $"<at>Bot {i:D5}</at>");
            text.Append(mention).Append(' ');
            entities.Add(Mention(BotId, "AimsBot", mention));
        }

        text.Append("help");
        return Message(text.ToString(), entities);
    }

    /// <summary>Random messages of words, whitespace and mentions of the bot and of people, in mixed case; how many strip differently.</summary>
    private static int Fuzz(int cases)
    {
        var random = new Random(42);
        string[] names = ["AimsBot", "Aims", "Aims Bot (preview)", "Grace Hopper", "Ärger", "AimsBot fan"];
        string[] words = ["help", "due", "x", "<at", "</at>", "at>", "AimsBot"];
        string[] spaces = ["", " ", "  ", "\n", "\t "];
        var mismatches = 0;
        for (var c = 0; c < cases; c++)
        {
            var entities = new List<Entity>();
            var text = new StringBuilder();
            for (var part = random.Next(0, 8); part > 0; part--)
            {
                if (random.Next(3) == 0)
                {
                    text.Append(words[random.Next(words.Length)]);
                }
                else
                {
                    var name = names[random.Next(names.Length)];
                    var shown = random.Next(4) switch { 0 => name.ToUpperInvariant(), 1 => name.ToLowerInvariant(), _ => name };
                    text.Append("<at>").Append(shown).Append("</at>");
                    var isBot = random.Next(3) != 0;
                    // Sometimes the entity text differs from the message text, or is missing.
                    var entityText = random.Next(5) switch { 0 => "", 1 => $"<at>{names[random.Next(names.Length)]}</at>", _ => $"<at>{name}</at>" };
                    entities.Add(Mention(isBot ? BotId : "29:someone", name, entityText));
                }

                text.Append(spaces[random.Next(spaces.Length)]);
            }

            var activity = Message(text.ToString(), [.. entities.OrderBy(_ => random.Next())]);
            if (OldMentionText.Strip(activity.Text, activity.GetMentions().ToList(), BotId) != activity.GetTextWithoutMentions())
            {
                mismatches++;
            }
        }

        return mismatches;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// THE OLD ALGORITHM, kept here only to measure against: MentionText.Strip as it was before issue #11 (one
    /// IndexOf scan per mention entity, and a copy of the whole text per removal, so quadratic). Not used by the bot.
    /// </summary>
    private static class OldMentionText
    {
        public static string? Strip(string? text, IEnumerable<Entity> mentions, string botId)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text;
            }

            foreach (var mention in mentions)
            {
                if (!IsSameAccount(mention.Mentioned?.Id, botId))
                {
                    continue;
                }

                if (!string.IsNullOrEmpty(mention.Text) && text.Contains(mention.Text, StringComparison.OrdinalIgnoreCase))
                {
                    text = RemoveAll(text, mention.Text);
                }
                else if (!string.IsNullOrEmpty(mention.Mentioned?.Name))
                {
                    text = RemoveAll(text, $"<at>{mention.Mentioned.Name}</at>");
                }
            }

            return text.Trim();
        }

        private static bool IsSameAccount(string? id, string botId)
        {
            if (id is null)
            {
                return false;
            }

            return string.Equals(Bare(id), Bare(botId), StringComparison.OrdinalIgnoreCase);

            static string Bare(string value) => value.StartsWith("28:", StringComparison.Ordinal) ? value[3..] : value;
        }

        private static string RemoveAll(string text, string token)
        {
            var index = text.IndexOf(token, StringComparison.OrdinalIgnoreCase);
            while (index >= 0)
            {
                var end = index + token.Length;
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                var needsSpace = index > 0 && end < text.Length && !char.IsWhiteSpace(text[index - 1]);
                text = string.Concat(text.AsSpan(0, index), needsSpace ? " " : string.Empty, text.AsSpan(end));
                index = text.IndexOf(token, index, StringComparison.OrdinalIgnoreCase);
            }

            return text;
        }
    }
}
