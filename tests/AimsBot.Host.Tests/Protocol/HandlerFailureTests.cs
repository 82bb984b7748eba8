using AimsBot.Workflows;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Host.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Protocol;

/// <summary>A card handler that throws: the invoke still gets the documented error shape, and the failure is not remembered.</summary>
public sealed class HandlerFailureTests
{
    [Fact]
    public async Task A_failing_card_handler_answers_with_the_error_shape_and_a_redelivery_is_handled_afresh()
    {
        var flaky = new FlakyAction();
        using var factory = new BotHostFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s => 
        {
            s.AddSingleton(flaky);
            s.AddWorkflow("test").Verb<FlakyAction>(FlakyAction.VerbName, action: null);
        }));
        using var client = factory.CreateClient();
        await factory.Services.GetRequiredService<AimsBot.Storage.TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var invoke = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "invoke-1",
            ["serviceUrl"] = "http://127.0.0.1:9/unused/",
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:u", ["aadObjectId"] = "aad-u" },
            ["conversation"] = new JsonObject { ["id"] = "a:c", ["conversationType"] = "personal" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = FlakyAction.VerbName } },
        };

        var first = await PostAsync(client, invoke);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.error", (string?)body["type"]);
        Assert.Equal(500, (int)body["statusCode"]!);
        Assert.DoesNotContain("InvalidOperationException", body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body.ToJsonString(), StringComparison.Ordinal);

        // Teams retries the same activity: the failure was not recorded as its answer, so it runs again.
        var second = await PostAsync(client, invoke);
        var secondBody = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)secondBody["type"]);
        Assert.Equal(2, flaky.Calls);
    }

    [Fact]
    public async Task When_table_storage_is_down_an_activity_gets_503_with_retry_after_and_no_stack_trace()
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AimsBot.Testing.TestEnvironment.AzuriteConnectionString(AimsBot.Testing.TestEnvironment.FreeLoopbackPort()),
            ["Storage:MaxRetries"] = "0",
        });
        using var client = factory.CreateClient();
        var message = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "m-1",
            ["text"] = "help",
            ["serviceUrl"] = "http://127.0.0.1:9/unused/",
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:u", ["aadObjectId"] = "aad-u" },
            ["conversation"] = new JsonObject { ["id"] = "a:c", ["conversationType"] = "personal" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
        };

        var response = await PostAsync(client, message);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("try again shortly", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject activity) =>
        client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(activity.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")));

    private sealed class FlakyAction : ICardActionHandler
    {
        public const string VerbName = "test.flaky";
        private int _calls;

        public int Calls => _calls;

        public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("boom")
                : Task.FromResult(CardActionOutcome.Say("worked the second time"));
    }
}
