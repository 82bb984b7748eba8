using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Import;
using AimsBot.Ledger;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Files;
using AimsBot.Teams.Hosting;
using Microsoft.Extensions.Options;

namespace AimsBot.Files;

/// <summary>A file ready to hand over.</summary>
public sealed record ExportFile(string FileName, byte[] Content, string Description);

/// <summary>What was asked for: the kind of export (<c>soa</c>, <c>evidence</c>, <c>register</c>), its format (csv, xlsx) and arguments.</summary>
public sealed record ExportRequest(string Kind, string Format, string Arguments);

/// <summary>The export cannot be made as asked (an unknown system, say); the message is for the person.</summary>
public sealed class ExportRefusedException(string message) : Exception(message);

/// <summary>
/// Builds one kind of export from live data. Registered per kind, with the domain action it needs: the kinds of the
/// one <c>export</c> command need different rights, so <see cref="FileExports"/> applies this declaration once the
/// kind is known (and again when the file is accepted, since roles can change in between). Rules about one resource
/// (may this caller read this control's evidence) stay with the query that loads it.
/// </summary>
public interface IExportSource
{
    string Kind { get; }

    /// <summary>What the caller must be able to attempt for this kind.</summary>
    DomainAction Action { get; }

    /// <summary>The formats this kind is made in (<c>as …</c>), the default first: tables as csv or xlsx unless a kind says otherwise.</summary>
    IReadOnlyList<string> Formats => TabularFormats;

    /// <summary>csv (the default) and xlsx.</summary>
    static IReadOnlyList<string> TabularFormats { get; } = ["csv", "xlsx"];

    Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken);
}

/// <summary>
/// Exports through the Teams file consent flow, in the 1:1 chat only: offer (consent card) → accept or decline
/// (<c>fileConsent/invoke</c>) → upload to the person's OneDrive → file info card. Every delivered export is
/// recorded in the ledger (who took what, when). The upload goes only to Teams' own file storage, by the same host
/// rule as attachment downloads (<see cref="TeamsFileStorageHosts"/> with <c>Import:AllowedDownloadHosts</c>).
/// </summary>
public sealed partial class FileExports
{
    private readonly Dictionary<string, IExportSource> _sources;
    private readonly ExportOfferStore _offers;
    private readonly FileUploader _uploader;
    private readonly IConnectorClient _connector;
    private readonly LedgerRecorder _ledger;
    private readonly ILogger<FileExports> _logger;
    private readonly TimeProvider _time;
    private readonly ImportOptions _fileHosts;

    public FileExports(IEnumerable<IExportSource> sources, ExportOfferStore offers, FileUploader uploader, IConnectorClient connector, LedgerRecorder ledger, TimeProvider time, IOptions<ImportOptions> fileHosts, ILogger<FileExports> logger)
    {
        _logger = logger;
        _fileHosts = fileHosts.Value;
        _sources = sources.ToDictionary(s => s.Kind, StringComparer.OrdinalIgnoreCase);
        _offers = offers;
        _uploader = uploader;
        _connector = connector;
        _ledger = ledger;
        _time = time;
    }

    public IEnumerable<string> Kinds => _sources.Keys.Order(StringComparer.Ordinal);

    /// <summary>Builds the file (to know it is there and its size) and offers it with a consent card.</summary>
    public async Task<BotReply?> OfferAsync(CommandContext context, ExportRequest request, CancellationToken cancellationToken)
    {
        var activity = context.Turn.Activity;
        if (activity.IsFromChannelOrGroup)
        {
            return BotReply.FromText("I send files only in our 1:1 chat: open a chat with me and ask there.");
        }

        if (!_sources.TryGetValue(request.Kind, out var source))
        {
            return BotReply.FromText($"I can export {string.Join(", ", Kinds)}. Try **export {Kinds.FirstOrDefault() ?? "soa"}**.");
        }

        if (!MayExport(source, context.Caller))
        {
            return BotReply.FromText($"Sorry, the {request.Kind} export is not available to you.");
        }

        ExportFile file;
        try
        {
            file = await source.BuildAsync(request, context.Caller, cancellationToken);
        }
        catch (ExportRefusedException refused)
        {
            return BotReply.FromText(refused.Message + " Nothing was sent.");
        }

        var offer = await _offers.AddAsync(
            new ExportOfferRow
            {
                PartitionKey = context.Caller.TenantId,
                RowKey = Guid.NewGuid().ToString("N"),
                Kind = source.Kind,
                Format = request.Format,
                Arguments = request.Arguments,
                RequestedBy = context.Caller.UserKey,
                FileName = file.FileName,
                CreatedAt = _time.GetUtcNow(),
            },
            cancellationToken);

        var message = activity.CreateReply();
        message.Attachments = [FileConsent.ConsentCard(file.FileName, file.Description, file.Content.Length, new JsonObject { ["offerId"] = offer.RowKey })];
        await _connector.ReplyAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id ?? "", message, cancellationToken);
        return null;
    }

    private static bool MayExport(IExportSource source, Caller caller) => Permissions.CanAttempt(caller.Actor, source.Action).IsAllowed;

    /// <summary>The person accepted or declined. Always answers 200: Teams shows nothing for an invoke error here.</summary>
    public async Task<TurnResult> HandleConsentAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        var value = FileConsent.ReadInvoke(turn.Activity);
        var offerId = value?.Context is { ValueKind: JsonValueKind.Object } ctx && ctx.TryGetProperty("offerId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        var offer = offerId is null ? null : await _offers.GetAsync(caller.TenantId, offerId, cancellationToken);
        if (value is null || offer is null || !string.Equals(offer.RequestedBy, caller.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            await SayAsync(turn, "That file offer is not yours or no longer exists. Ask for the export again.", cancellationToken);
            return TurnResult.Ok;
        }

        if (!value.Accepted)
        {
            if (await _offers.TryCloseAsync(offer, "declined", cancellationToken))
            {
                await SayAsync(turn, $"No problem — I did not send {offer.FileName}.", cancellationToken);
            }

            return TurnResult.Ok;
        }

        if (value.UploadInfo?.UploadUrl is not { Length: > 0 } uploadUrl || !_sources.TryGetValue(offer.Kind, out var source) || !MayExport(source, caller))
        {
            await SayAsync(turn, "I could not send that file. Ask for the export again.", cancellationToken);
            return TurnResult.Ok;
        }

        // The upload URL arrives in the invoke: only Teams' file storage gets the person's file. Nothing changes here,
        // so a genuine consent can still be given.
        if (TeamsFileStorageHosts.Check(uploadUrl, _fileHosts.AllowedDownloadHosts, _fileHosts.AllowHttpDownloadHosts, out _) != FileUrlRefusal.None)
        {
            await SayAsync(turn, $"I did not upload {offer.FileName}: the upload link does not point to your OneDrive (Teams' own file storage), so nothing was sent. Ask for the export again.", cancellationToken);
            return TurnResult.Ok;
        }

        if (!await _offers.TryCloseAsync(offer, "delivered", cancellationToken))
        {
            return TurnResult.Ok; // a second click: the first one is delivering it.
        }

        ExportFile file;
        try
        {
            file = await source.BuildAsync(new ExportRequest(offer.Kind, offer.Format, offer.Arguments), caller, cancellationToken);
            await _uploader.UploadAsync(uploadUrl, file.Content, cancellationToken);
        }
        catch (ExportRefusedException refused)
        {
            await SayAsync(turn, refused.Message + " Nothing was sent.", cancellationToken);
            return TurnResult.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            await _offers.ReopenAsync(offer, cancellationToken);
            await SayAsync(turn, "Uploading the file to your OneDrive failed. Please press Allow again in a moment.", cancellationToken);
            return TurnResult.Ok;
        }

        // The file is in the person's OneDrive: that is the delivery, recorded before anything else can fail, so no
        // delivered file is missing from the ledger.
        var after = new JsonObject { ["kind"] = offer.Kind, ["format"] = offer.Format, ["arguments"] = offer.Arguments, ["file"] = file.FileName, ["bytes"] = file.Content.Length };
        await _ledger.RecordAsync(caller, LedgerEvents.ExportDelivered.About(offer.Kind, null, after.ToJsonString()), turn.Activity.Id, cancellationToken);

        var info = turn.Activity.CreateReply();
        info.ReplyToId = null;
        info.Attachments = [FileConsent.InfoCard(value.UploadInfo)];
        try
        {
            await _connector.SendAsync(turn.Activity.ServiceUrl!, turn.Activity.Conversation!.Id!, info, cancellationToken);
        }
        catch (ConnectorException ex)
        {
            // The conversation is gone or the connector kept failing (after its retries): the file stays delivered, and
            // the trail says the card never arrived.
            LogFileCardFailed(_logger, offer.FileName, ex.GetType().Name);
            var failed = new JsonObject { ["file"] = file.FileName, ["reason"] = ex.GetType().Name };
            await _ledger.RecordAsync(caller, LedgerEvents.ExportCardFailed.About(offer.Kind, null, failed.ToJsonString()), turn.Activity.Id, cancellationToken);
        }

        return TurnResult.Ok;
    }

    private async Task SayAsync(TurnContext turn, string text, CancellationToken cancellationToken)
    {
        var message = turn.Activity.CreateReply(text);
        message.ReplyToId = null;
        await _connector.SendAsync(turn.Activity.ServiceUrl!, turn.Activity.Conversation!.Id!, message, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The file {File} was uploaded and recorded as delivered, but its file card could not be posted ({Reason})")]
    private static partial void LogFileCardFailed(ILogger logger, string file, string reason);
}
