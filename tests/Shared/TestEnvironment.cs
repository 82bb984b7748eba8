using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AimsBot.Testing;

/// <summary>
/// The real components the tests talk to. `./aims test` starts them and exports their addresses; when a test
/// is run on its own (an IDE, plain `dotnet test`), Azurite is started here from the repo's node_modules.
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> AzuriteConnection = new(StartOrFindAzurite, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string for the Azurite table and blob services the tests share.</summary>
    public static string TableConnectionString => AzuriteConnection.Value;

    /// <summary>A PostgreSQL connection string (from `./aims test`), or null when none was started.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("AIMSBOT_TEST_POSTGRES");

    /// <summary>A fresh table prefix so each test sees only its own rows.</summary>
    /// <summary>
    /// A continuation signing key for hosts started outside Development (where one is required), made once per
    /// test run so every host of a run, like every instance of a deployment, shares it.
    /// </summary>
    public static string ContinuationKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The ledger signing key (and its id) of hosts started in tests, shared by every host of a run like every instance of a deployment.</summary>
    public static string LedgerSigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public const string LedgerSigningKeyId = "test-1";

    /// <summary>A fresh blob container name (ledger checkpoints) so each test sees only its own blobs.</summary>
    public static string UniqueContainerName() => "lc-" + Guid.NewGuid().ToString("N")[..16];

    public static string UniqueTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static string RepoRoot
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("AIMSBOT_REPO_ROOT");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AimsBot.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (AimsBot.sln) above " + AppContext.BaseDirectory);
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string AzuriteConnectionString(int port, int? blobPort = null) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort ?? port}/devstoreaccount1;";

    private static string StartOrFindAzurite()
    {
        var fromEnv = Environment.GetEnvironmentVariable("AIMSBOT_TEST_TABLES");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        var bin = Path.Combine(RepoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException("Azurite is not installed in the repo. Run the tests with `./aims test`, or run `npm ci` first.");
        }

        var port = FreeLoopbackPort();
        var blobPort = FreeLoopbackPort();
        var data = Directory.CreateTempSubdirectory("aimsbot-azurite-");
        string Text(int p) => p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Tables in memory: Azurite (LokiJS) otherwise saves its whole table database every 5 s while anything
        // changed, and every request waits while it does — a pause Azure Table Storage does not have, paid only by
        // requests that write, which skews a command-vs-raw-query benchmark. AIMSBOT_AZURITE_DISK=1 keeps the saves.
        // (Azurite refuses --location beside --inMemoryPersistence.)
        string[] persistence = Environment.GetEnvironmentVariable("AIMSBOT_AZURITE_DISK") == "1" ? ["--location", data.FullName] : ["--inMemoryPersistence"];
        var processes = new[]
        {
            Start(Path.Combine(RepoRoot, "node_modules", ".bin", "azurite-table"), ["--tableHost", "127.0.0.1", "--tablePort", Text(port), "--skipApiVersionCheck", "--disableTelemetry", "--loose", .. persistence]),
            Start(Path.Combine(RepoRoot, "node_modules", ".bin", "azurite-blob"), ["--blobHost", "127.0.0.1", "--blobPort", Text(blobPort), "--location", data.FullName, "--skipApiVersionCheck", "--disableTelemetry", "--loose"]),
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                foreach (var process in processes)
                {
                    process.Kill(entireProcessTree: true);
                }

                data.Delete(recursive: true);
            }
            catch (InvalidOperationException)
            {
            }
            catch (IOException)
            {
            }
        };
        WaitForPort(port, TimeSpan.FromSeconds(30));
        WaitForPort(blobPort, TimeSpan.FromSeconds(30));
        return AzuriteConnectionString(port, blobPort);
    }

    private static Process Start(string bin, string[] arguments) =>
        Process.Start(new ProcessStartInfo(bin, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start " + Path.GetFileName(bin) + ".");

    public static void WaitForPort(int port, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout}.");
    }
}
