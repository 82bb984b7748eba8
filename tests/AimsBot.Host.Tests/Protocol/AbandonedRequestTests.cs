using AimsBot.Workflows;
using AimsBot.Commands;
using AimsBot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Protocol;

/// <summary>
/// Teams stops waiting for an answer after about 15 seconds. A command still running then (an import of a large
/// register, say) must finish, and its answer must still reach the person.
/// </summary>
public sealed class AbandonedRequestTests : IAsyncLifetime
{
    private readonly SlowCommand _slow = new();
    private readonly ProtocolHarness _bot;

    public AbandonedRequestTests() => _bot = new ProtocolHarness { ConfigureServices = s =>
    {
        s.AddSingleton(_slow);
        s.AddWorkflow("test").Command<SlowCommand>("slow", "slow", "Takes its time.", action: null);
    }
    };

    public Task InitializeAsync() => _bot.InitializeAsync();

    public Task DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task A_command_still_running_when_the_channel_gives_up_finishes_and_its_reply_is_delivered()
    {
        var activity = _bot.Activity("message", "slow");
        using var giveUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _bot.Token());
        var posting = _bot.Client.SendAsync(request, giveUp.Token);

        await _slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await giveUp.CancelAsync();
        _slow.Finish.SetResult();
        await _slow.Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The caller is gone (how the test server reports that varies); the turn is not.
        Assert.NotNull(await Record.ExceptionAsync(() => posting));

        var replies = await _bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + activity["id"], StringComparison.Ordinal));
        Assert.Contains("all done", Assert.Single(replies).Json!["text"]!.ToString(), StringComparison.Ordinal);
        Assert.False(_slow.SawCancellation);
    }

    private sealed class SlowCommand : IChatCommand
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool SawCancellation { get; private set; }

        public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Started.SetResult();
            await Finish.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            SawCancellation = cancellationToken.IsCancellationRequested;
            Completed.SetResult();
            return BotReply.FromText("all done");
        }
    }
}
