using AimsBot.Teams.Tests.Support;

namespace AimsBot.Host.Tests.Import;

/// <summary>
/// The attached file's link is followed with care: redirects only to where a first link may point, at most three
/// hops, and a download that takes too long (here 1 s) is given up. Each refusal writes nothing.
/// </summary>
public sealed class ImportDownloadTests : ImportHostTest
{
    private static readonly string Rows = Csv("system,Loan Scorer,,,developer,operation,high,,olu@contoso.com,,,,,,,");

    public ImportDownloadTests()
        : base(new Dictionary<string, string?> { ["Import:DownloadTimeout"] = "00:00:01" })
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var files = Bot.Connector.Responder!;
        Bot.Connector.Responder = r => r.Path switch
        {
            "/files/moved" => new FakeResponse(302, Location: Serve("register.csv", Rows)),
            "/files/away" => new FakeResponse(302, Location: "https://files.example.org/register.csv"),
            "/files/loop" => new FakeResponse(302, Location: FileUrl("loop")),
            "/files/slow" => new FakeResponse(200, Rows, Delay: TimeSpan.FromSeconds(5)),
            _ => files(r),
        };
    }

    [Fact]
    public async Task A_redirect_to_teams_storage_is_followed_and_the_file_imported()
    {
        await RecordUserAsync(Owner, "Olu Owner", "olu@contoso.com");
        var reply = await SayWithFileAsync("import", "register.csv", FileUrl("moved"));

        Assert.Contains("register.csv: imported", reply.Shown, StringComparison.Ordinal);
        Assert.NotNull(await Systems.GetAsync(Tenant, "loan-scorer"));
    }

    [Fact]
    public async Task A_redirect_elsewhere_or_round_in_circles_is_refused_and_nothing_is_written()
    {
        var away = await SayWithFileAsync("import", "register.csv", FileUrl("away"));
        var loop = await SayWithFileAsync("import", "register.csv", FileUrl("loop"));

        Assert.Contains("sent me somewhere I don't download from", away.Text, StringComparison.Ordinal);
        Assert.Contains("sent me somewhere I don't download from", loop.Text, StringComparison.Ordinal);
        // The first link and three redirects were fetched, the fourth was not.
        Assert.Equal(4, Bot.Connector.Requests.Count(r => r.Path == "/files/loop"));
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_download_slower_than_the_timeout_is_given_up_and_nothing_is_written()
    {
        var reply = await SayWithFileAsync("import", "register.csv", FileUrl("slow"));

        Assert.Contains("took longer than 1 seconds", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }
}
