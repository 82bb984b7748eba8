using AimsBot.Commands;

namespace AimsBot.Files;

/// <summary><c>export &lt;kind&gt; [args] [as csv|xlsx]</c>: offers the file in the 1:1 chat.</summary>
public sealed class ExportCommand : IChatCommand
{
    private readonly FileExports _exports;
    private readonly IEnumerable<IExportSource> _sources;

    public ExportCommand(FileExports exports, IEnumerable<IExportSource> sources)
    {
        _exports = exports;
        _sources = sources;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var words = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        string? asked = null;
        if (words.Count >= 2 && string.Equals(words[^2], "as", StringComparison.OrdinalIgnoreCase))
        {
            asked = words[^1].ToLowerInvariant();
            words.RemoveRange(words.Count - 2, 2);
        }

        if (words.Count == 0)
        {
            return asked is null or "csv" or "xlsx"
                ? BotReply.FromText($"What should I export? Try {string.Join(", ", _exports.Kinds.Select(k => $"**export {k}**"))}.")
                : Unsupported(asked, IExportSource.TabularFormats, null);
        }

        var kind = words[0].ToLowerInvariant();
        var formats = _sources.FirstOrDefault(s => string.Equals(s.Kind, kind, StringComparison.Ordinal))?.Formats ?? IExportSource.TabularFormats;
        if (asked is not null && !formats.Contains(asked, StringComparer.Ordinal))
        {
            return Unsupported(asked, formats, _exports.Kinds.Contains(kind, StringComparer.Ordinal) ? kind : null);
        }

        var format = asked ?? formats[0];
        var reply = await _exports.OfferAsync(context, new ExportRequest(kind, format, string.Join(' ', words.Skip(1))), cancellationToken);
        return reply ?? BotReply.Nothing;
    }

    private static BotReply Unsupported(string asked, IReadOnlyList<string> formats, string? kind)
    {
        var shown = asked.Length > 20 ? asked[..20] : asked;
        var these = string.Join(" or ", formats.Select(f => $"**{f}**"));
        return BotReply.FromText(kind is null
            ? $"I can export as {these}, not '{shown}'. Nothing was sent."
            : $"I can export {kind} as {these}, not '{shown}'. Nothing was sent.");
    }
}
