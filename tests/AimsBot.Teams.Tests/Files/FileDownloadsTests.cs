using System.Text.Json;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Files;

namespace AimsBot.Teams.Tests.Files;

public class FileDownloadsTests
{
    /// <summary>A message with a file attached in a 1:1 chat, shaped as Teams sends it (plus the HTML copy of the text it adds).</summary>
    private const string PersonalMessageWithFile = """
        {
          "type": "message",
          "id": "1700000000000",
          "text": "import",
          "attachments": [
            {
              "contentType": "application/vnd.microsoft.teams.file.download.info",
              "contentUrl": "https://contoso-my.sharepoint.com/personal/dana/Documents/Microsoft Teams Chat Files/register.csv",
              "name": "register.csv",
              "content": {
                "downloadUrl": "https://contoso-my.sharepoint.com/personal/dana/_layouts/15/download.aspx?UniqueId=abc&Translate=false&tempauth=eyJ0",
                "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
                "fileType": "csv",
                "etag": "{1150D938-8870-4044-9F2C-5BBDEBA70C9D},2"
              }
            },
            { "contentType": "text/html", "content": "<p>import</p>" }
          ],
          "conversation": { "conversationType": "personal", "id": "a:1xyz" }
        }
        """;

    [Fact]
    public void The_file_download_attachment_is_read_and_other_attachments_are_ignored()
    {
        var activity = JsonSerializer.Deserialize(PersonalMessageWithFile, BotJsonContext.Default.Activity)!;

        var file = Assert.Single(FileDownloads.Of(activity));

        Assert.Equal("register.csv", file.Name);
        Assert.StartsWith("https://contoso-my.sharepoint.com/personal/dana/_layouts/15/download.aspx", file.DownloadUrl, StringComparison.Ordinal);
        Assert.Equal("1150D938-8870-4044-9F2C-5BBDEBA70C9D", file.UniqueId);
        Assert.Equal("csv", file.FileType);
    }

    [Fact]
    public void A_malformed_content_reads_as_missing_values_not_an_exception()
    {
        var activity = JsonSerializer.Deserialize(
            """{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.teams.file.download.info","name":"x.csv","content":{"downloadUrl":42}},{"contentType":"application/vnd.microsoft.teams.file.download.info","content":"text"}]}""",
            BotJsonContext.Default.Activity)!;

        var files = FileDownloads.Of(activity);

        Assert.Equal(2, files.Count);
        Assert.Null(files[0].DownloadUrl);
        Assert.Equal("x.csv", files[0].Name);
        Assert.Null(files[1].DownloadUrl);
    }

    [Fact]
    public void An_attachment_built_for_a_test_round_trips()
    {
        var activity = new Activity { Attachments = [FileDownloads.Attachment(new FileDownloadInfo("a.csv", "https://x.sharepoint.com/a", "id-1", "csv"))] };
        var json = JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity);

        var read = FileDownloads.Of(JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!);

        Assert.Equal(new FileDownloadInfo("a.csv", "https://x.sharepoint.com/a", "id-1", "csv"), Assert.Single(read));
    }
}
