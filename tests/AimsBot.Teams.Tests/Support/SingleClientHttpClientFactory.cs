namespace AimsBot.Teams.Tests.Support;

/// <summary>An <see cref="IHttpClientFactory"/> handing out one shared client and recording the names asked for.</summary>
public sealed class SingleClientHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public List<string> RequestedNames { get; } = [];

    public HttpClient CreateClient(string name)
    {
        lock (RequestedNames)
        {
            RequestedNames.Add(name);
        }

        return _client;
    }

    public void Dispose() => _client.Dispose();
}
