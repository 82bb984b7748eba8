using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Files;

/// <summary>
/// A file a person attached in a 1:1 chat. Teams keeps the file in their OneDrive and puts this on the message:
/// an attachment of content type <see cref="FileDownloads.ContentType"/> with the file's <c>name</c> and
/// <c>content</c> <c>{ downloadUrl, uniqueId, fileType }</c>. The download URL is pre-authenticated and
/// short-lived: it is fetched without any bot token.
/// </summary>
public sealed record FileDownloadInfo(string? Name, string? DownloadUrl, string? UniqueId, string? FileType);

/// <summary>Reads the files attached to an activity.</summary>
public static class FileDownloads
{
    public const string ContentType = "application/vnd.microsoft.teams.file.download.info";

    /// <summary>Every file-download attachment of the activity (empty when there is none), in order.</summary>
    public static IReadOnlyList<FileDownloadInfo> Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var files = new List<FileDownloadInfo>();
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (!string.Equals(attachment.ContentType, ContentType, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var content = attachment.Content as JsonObject;
            files.Add(new FileDownloadInfo(attachment.Name, Text(content, "downloadUrl"), Text(content, "uniqueId"), Text(content, "fileType")));
        }

        return files;
    }

    /// <summary>An attachment of the shape Teams sends (for tests and local tools).</summary>
    public static Attachment Attachment(FileDownloadInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new Attachment
        {
            ContentType = ContentType,
            Name = file.Name,
            Content = new JsonObject { ["downloadUrl"] = file.DownloadUrl, ["uniqueId"] = file.UniqueId, ["fileType"] = file.FileType },
        };
    }

    /// <summary>The string under <paramref name="name"/>; anything else (missing, a number, an object) reads as null.</summary>
    private static string? Text(JsonObject? content, string name) =>
        content is not null && content.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;
}
