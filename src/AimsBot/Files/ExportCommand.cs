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
        var format = "csv";
        if (words.Count >= 2 && string.Equals(words[^2], "as", StringComparison.OrdinalIgnoreCase))
        {
            format = words[^1].ToLowerInvariant();
            words.RemoveRange(words.Count - 2, 2);
        }

        if (format is not ("csv" or "xlsx"))
        {
            return BotReply.FromText($"I can export as **csv** or **xlsx**, not '{(format.Length > 20 ? format[..20] : format)}'. Nothing was sent.");
        }

        if (words.Count == 0)
        {
            return BotReply.FromText($"What should I export? Try {string.Join(", ", _exports.Kinds.Select(k => $"**export {k}**"))}.");
        }

        var reply = await _exports.OfferAsync(context, new ExportRequest(words[0].ToLowerInvariant(), format, string.Join(' ', words.Skip(1))), cancellationToken);
        return reply ?? BotReply.Nothing;
    }
}
