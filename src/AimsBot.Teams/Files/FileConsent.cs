using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Files;

/// <summary>
/// Sending a file in a 1:1 chat, the Teams way: the bot offers it with a file consent card; the person accepts
/// (Teams answers with an upload URL in their OneDrive) or declines, as a <c>fileConsent/invoke</c>; the bot
/// uploads the bytes and shows a file info card.
/// </summary>
public static class FileConsent
{
    public const string InvokeName = "fileConsent/invoke";
    public const string ConsentCardContentType = "application/vnd.microsoft.teams.card.file.consent";
    public const string InfoCardContentType = "application/vnd.microsoft.teams.card.file.info";

    /// <summary>The card asking permission to upload <paramref name="fileName"/>; <paramref name="context"/> comes back on accept or decline.</summary>
    public static Attachment ConsentCard(string fileName, string description, long sizeInBytes, JsonObject context) => new()
    {
        ContentType = ConsentCardContentType,
        Name = fileName,
        Content = new JsonObject
        {
            ["description"] = description,
            ["sizeInBytes"] = sizeInBytes,
            ["acceptContext"] = context.DeepClone(),
            ["declineContext"] = context.DeepClone(),
        },
    };

    /// <summary>The card that shows the uploaded file in the chat.</summary>
    public static Attachment InfoCard(FileUploadInfo upload) => new()
    {
        ContentType = InfoCardContentType,
        ContentUrl = upload.ContentUrl,
        Name = upload.Name,
        Content = new JsonObject { ["uniqueId"] = upload.UniqueId, ["fileType"] = upload.FileType },
    };

    /// <summary>The value of a <c>fileConsent/invoke</c>, or null when it is not one.</summary>
    public static FileConsentInvokeValue? ReadInvoke(Activity activity)
    {
        if (!string.Equals(activity.Name, InvokeName, StringComparison.OrdinalIgnoreCase) || activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        try
        {
            return value.Deserialize(FileJsonContext.Default.FileConsentInvokeValue);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary><c>{"type":"fileUpload","action":"accept"|"decline","context":{...},"uploadInfo":{...}}</c>.</summary>
public sealed class FileConsentInvokeValue
{
    public string? Type { get; set; }

    public string? Action { get; set; }

    public JsonElement? Context { get; set; }

    public FileUploadInfo? UploadInfo { get; set; }

    [JsonIgnore]
    public bool Accepted => string.Equals(Action, "accept", StringComparison.OrdinalIgnoreCase);

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Where Teams wants the file uploaded, and how it will show it.</summary>
public sealed class FileUploadInfo
{
    public string? Name { get; set; }

    public string? UploadUrl { get; set; }

    public string? ContentUrl { get; set; }

    public string? UniqueId { get; set; }

    public string? FileType { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Uploads a file to the URL Teams handed out on consent (a OneDrive upload session).</summary>
public sealed class FileUploader
{
    public const string HttpClientName = "AimsBot.Teams.FileUpload";
    private readonly IHttpClientFactory _clients;

    public FileUploader(IHttpClientFactory clients) => _clients = clients;

    /// <summary>One PUT with the whole content and its Content-Range. Only https targets (http only on loopback).</summary>
    public async Task UploadAsync(string uploadUrl, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && !(target.Scheme == Uri.UriSchemeHttp && target.IsLoopback)))
        {
            throw new InvalidOperationException("The upload URL Teams gave is not an https URL; the file was not uploaded.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, target) { Content = new ReadOnlyMemoryContent(content) };
        request.Content.Headers.ContentLength = content.Length;
        request.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, Math.Max(0, content.Length - 1), content.Length);
        using var response = await _clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Uploading the file failed with {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileConsentInvokeValue))]
internal sealed partial class FileJsonContext : JsonSerializerContext;
