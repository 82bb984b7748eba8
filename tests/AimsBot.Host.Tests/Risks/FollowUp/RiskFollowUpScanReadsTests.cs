using System.Collections.Concurrent;
using System.Diagnostics;
using AimsBot.Storage;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Risks.FollowUp;

/// <summary>
/// The due scan's cost in the <c>Risks</c> table does not grow with the register: one list query (top-level columns),
/// one query of owed ledger markers, and a point read only for the risks whose action or acceptance falls in a window.
/// Counted on the wire: every HTTP request the host's table client sends to this host's Risks table.
/// </summary>
public sealed class RiskFollowUpScanReadsTests : RiskFollowUpHost
{
    [Fact]
    public async Task A_scan_of_a_register_of_sixty_risks_makes_two_queries_and_reads_only_the_three_due_risks()
    {
        // 57 risks whose only action is due next year (outside every window), and 3 whose action is due in 3 days.
        for (var i = 1; i <= 57; i++)
        {
            await ApprovedRiskAsync($"Quiet risk number {i}", [new DateOnly(2027, 11, 1)]);
        }

        for (var i = 1; i <= 3; i++)
        {
            await ApprovedRiskAsync($"Due risk number {i}", [new DateOnly(2026, 11, 26)]);
        }

        var table = Bot.Factory.Services.GetRequiredService<TableStore>().PhysicalName(RiskRepository.TableName);
        var requests = new ConcurrentQueue<(string Method, string Url)>();
        using (WireRequests(table, requests))
        {
            await ScanAsync();
        }

        // The three due risks got their cards: the scan did read them.
        Assert.Equal(3, ReceivedWith(ActionOwner, "Due risk number").Count);
        var queries = requests.Where(r => r.Method == "GET" && IsQuery(r.Url, table)).ToList();
        var pointReads = requests.Where(r => r.Method == "GET" && !IsQuery(r.Url, table)).ToList();
        Assert.Equal(2, queries.Count);
        Assert.Equal(3, pointReads.Count);
        Assert.All(requests, r => Assert.Equal("GET", r.Method)); // a scan writes nothing to the register
    }

    /// <summary>A query is addressed to the table (<c>Risks()</c>); a point read names one row (<c>Risks(PartitionKey=…)</c>).</summary>
    private static bool IsQuery(string url, string table)
    {
        var path = Uri.UnescapeDataString(new Uri(url).AbsolutePath);
        return path.EndsWith("/" + table + "()", StringComparison.Ordinal) || path.EndsWith("/" + table, StringComparison.Ordinal);
    }

    /// <summary>Every outgoing HTTP request (System.Net.Http's activities) to <paramref name="table"/>, whatever thread sends it.</summary>
    private static ActivityListener WireRequests(string table, ConcurrentQueue<(string Method, string Url)> requests)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var url = activity.GetTagItem("url.full") as string;
                if (url is not null && Uri.UnescapeDataString(new Uri(url).AbsolutePath).Contains("/" + table + "(", StringComparison.Ordinal))
                {
                    requests.Enqueue((activity.GetTagItem("http.request.method") as string ?? "", url));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
