using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Host.Tests.Register;
using AimsBot.Import;
using AimsBot.Storage.Register;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Import;

/// <summary>
/// The production host with the fake connector also serving attached files (a local Kestrel stub over http,
/// allowed only because these settings say so), and helpers to send <c>import</c> with a file attached.
/// </summary>
public abstract class ImportHostTest : RegisterHostTest
{
    protected const string Admin = "aad-admin-0001";
    protected const string Header = "record,name,description,intended use,roles,stage,risk tier,status,owner,scope,control,applicability,justification,implementation,cadence,layer";

    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    protected ImportHostTest(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null, TimeProvider? clock = null)
        : base(Merge(settings), configureServices, clock)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Bot.Connector.Responder = r => r switch
        {
            { Method: "GET" } when r.Path.StartsWith("/files/", StringComparison.Ordinal) =>
                _files.TryGetValue(r.Path["/files/".Length..], out var bytes) ? new FakeResponse(200, Encoding.UTF8.GetString(bytes)) : new FakeResponse(404, ""),
            { Method: "PUT" } when r.Path.StartsWith("/upload/", StringComparison.Ordinal) => new FakeResponse(201, "{}"),
            _ => null,
        };
    }

    protected RegisterExport Export => Bot.Factory.Services.GetRequiredService<RegisterExport>();

    /// <summary>Where the stub serves a file: http://127.0.0.1:port/files/{name}.</summary>
    protected string FileUrl(string name) => Bot.ServiceUrl.Replace("/emea/", "/files/" + name, StringComparison.Ordinal);

    protected string Serve(string name, string csv) => Serve(name, Encoding.UTF8.GetBytes(csv));

    protected string Serve(string name, byte[] content)
    {
        var key = Guid.NewGuid().ToString("N") + "-" + name;
        _files[key] = content;
        return FileUrl(key);
    }

    /// <summary>Says <paramref name="text"/> with the file attached as Teams attaches one in a 1:1 chat.</summary>
    protected Task<Reply> SayWithFileAsync(string text, string fileName, string downloadUrl, string user = Lead, string fileType = "csv", Action<JsonObject>? edit = null) =>
        SayAsync(text, user, activity =>
        {
            activity["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
                ["name"] = fileName,
                ["content"] = new JsonObject
                {
                    ["downloadUrl"] = downloadUrl,
                    ["uniqueId"] = Guid.NewGuid().ToString("D"),
                    ["fileType"] = fileType,
                },
            });
            edit?.Invoke(activity);
        });

    protected Task<Reply> ImportAsync(string csv, string user = Lead, string text = "import") =>
        SayWithFileAsync(text, "register.csv", Serve("register.csv", csv), user);

    protected int Downloads => Bot.Connector.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/files/", StringComparison.Ordinal));

    /// <summary>Everything the register holds for the tenant, as the export writes it (one text to compare before/after).</summary>
    protected async Task<string> RegisterAsTextAsync(string tenant = Tenant)
    {
        var (table, _, _) = await Export.BuildTableAsync(tenant, CancellationToken.None);
        return Encoding.UTF8.GetString(AimsBot.Exports.TabularExport.ToCsv(table));
    }

    protected static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    private static Dictionary<string, string?> Merge(IDictionary<string, string?>? settings)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1",
            ["Roles:Admins"] = Admin,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }
}
