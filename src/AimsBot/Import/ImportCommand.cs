using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Teams.Files;

namespace AimsBot.Import;

/// <summary>
/// <c>import [check]</c> with a CSV file attached in the 1:1 chat: validates the register file and, when it has
/// no problem, writes it (all or nothing). <c>import check</c> only validates and says what would change.
/// </summary>
public sealed class ImportCommand : IChatCommand
{
    private readonly RegisterImport _import;
    private readonly ImportFileDownloader _downloader;

    public ImportCommand(RegisterImport import, ImportFileDownloader downloader)
    {
        _import = import;
        _downloader = downloader;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = context.Turn.Activity;
        if (activity.IsFromChannelOrGroup)
        {
            return BotReply.FromText("I take import files only in our 1:1 chat (Teams gives bots attached files only there). Open a chat with me, attach the CSV file and say **import**.");
        }

        var arguments = context.Arguments.Trim().ToLowerInvariant();
        if (arguments is not ("" or "check" or "--dry-run" or "dry run"))
        {
            return BotReply.FromText("Say **import** with the CSV file attached to import it, or **import check** to only check it. Nothing was imported.");
        }

        var files = FileDownloads.Of(activity);
        if (files.Count == 0)
        {
            return BotReply.FromText(
                "Attach the register file (CSV) to the message that says **import**: use the paperclip in our 1:1 chat. " +
                "Say **export register** to get a file in the right format to start from; README lists every column. Nothing was imported.");
        }

        if (files.Count > 1)
        {
            return BotReply.FromText("Attach one CSV file at a time: each file is imported all or nothing. Nothing was imported.");
        }

        var file = files[0];
        var name = string.IsNullOrWhiteSpace(file.Name) ? "the file" : file.Name.Trim();
        if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || (file.FileType is { Length: > 0 } type && !string.Equals(type, "csv", StringComparison.OrdinalIgnoreCase)))
        {
            return BotReply.FromText($"{Shorten(name)} is not a CSV file. I import CSV files only: in Excel choose File › Save As › 'CSV UTF-8 (Comma delimited)' and attach that. Nothing was imported.");
        }

        var download = await _downloader.DownloadAsync(file, cancellationToken);
        if (!download.TryGetValue(out var content))
        {
            return BotReply.FromText(download.ErrorMessage);
        }

        var outcome = await _import.ImportAsync(new ImportRequest(context.Caller, name, content, arguments.Length > 0, activity.Id), cancellationToken);
        return BotReply.FromCard(ImportCards.Outcome(outcome, _import.Options.MaxReportedProblems), ImportCards.Text(outcome, 0).Split('\n')[0].TrimEnd());
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
