using AimsBot.Commands;
using AimsBot.Domain.Assessments;
using AimsBot.Import;
using AimsBot.Teams.Files;

namespace AimsBot.Assessments.Questionnaires;

/// <summary>
/// <c>questionnaire load</c> with a JSON file attached in the 1:1 chat (compliance leads): checks the file whole and,
/// when it is a valid new version, stores it as the version new assessments start with. The file is fetched as
/// <c>import</c> fetches its CSV (<see cref="ImportFileDownloader"/>: Teams' own file storage only, https, no
/// redirects elsewhere, a size limit and a timeout).
/// </summary>
public sealed class QuestionnaireLoadCommand : IChatCommand
{
    public const string Name = "questionnaire load";
    private const string NothingLoaded = "Nothing was loaded.";

    private readonly QuestionnaireVersions _versions;
    private readonly QuestionnaireCatalog _catalog;
    private readonly ImportFileDownloader _downloader;

    public QuestionnaireLoadCommand(QuestionnaireVersions versions, QuestionnaireCatalog catalog, ImportFileDownloader downloader)
    {
        _versions = versions;
        _catalog = catalog;
        _downloader = downloader;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = context.Turn.Activity;
        if (activity.IsFromChannelOrGroup)
        {
            return BotReply.FromText("I take questionnaire files only in our 1:1 chat (Teams gives bots attached files only there). Open a chat with me, attach the JSON file and say **questionnaire load**.");
        }

        if (context.Arguments.Trim().Length > 0)
        {
            return BotReply.FromText($"Say just **questionnaire load** with the questionnaire's JSON file attached. {NothingLoaded}");
        }

        var files = FileDownloads.Of(activity);
        if (files.Count == 0)
        {
            return BotReply.FromText(
                "Attach the questionnaire file (JSON) to the message that says **questionnaire load**: use the paperclip in our 1:1 chat. " +
                $"docs/domain.md (\"Impact assessments\") describes the format; the built-in version is a good start. {NothingLoaded}");
        }

        if (files.Count > 1)
        {
            return BotReply.FromText($"Attach one questionnaire file at a time. {NothingLoaded}");
        }

        var file = files[0];
        var name = string.IsNullOrWhiteSpace(file.Name) ? "the file" : file.Name.Trim();
        if (!name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || (file.FileType is { Length: > 0 } type && !string.Equals(type, "json", StringComparison.OrdinalIgnoreCase)))
        {
            return BotReply.FromText($"{Shorten(name)} is not a JSON file. A questionnaire is a .json file. {NothingLoaded}");
        }

        var download = await _downloader.DownloadAsync(file, QuestionnaireLoader.MaxFileBytes, NothingLoaded, cancellationToken);
        if (!download.TryGetValue(out var content))
        {
            return BotReply.FromText(download.ErrorMessage);
        }

        var outcome = await _versions.LoadAsync(context.Caller, Shorten(name), content, activity.Id, cancellationToken);
        var current = await _catalog.CurrentAsync(context.Caller.TenantId, cancellationToken);
        return BotReply.FromCard(QuestionnaireCards.Outcome(outcome, current.Key), QuestionnaireCards.Summary(outcome));
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}

/// <summary><c>questionnaires</c>: the questionnaire versions the tenant has, which one new assessments use, who loaded each.</summary>
public sealed class QuestionnairesCommand : IChatCommand
{
    public const string Name = "questionnaires";

    private readonly QuestionnaireVersions _versions;
    private readonly QuestionnaireCatalog _catalog;

    public QuestionnairesCommand(QuestionnaireVersions versions, QuestionnaireCatalog catalog)
    {
        _versions = versions;
        _catalog = catalog;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var versions = await _versions.ListAsync(context.Caller.TenantId, cancellationToken);
        var current = await _catalog.CurrentAsync(context.Caller.TenantId, cancellationToken);
        return BotReply.FromCard(QuestionnaireCards.List(versions, current.Key), $"{versions.Count} questionnaire versions; new assessments use {current.Key}");
    }
}
