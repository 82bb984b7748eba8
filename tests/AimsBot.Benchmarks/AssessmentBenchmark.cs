using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Assessments.Steps;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Register;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Benchmarks;

/// <summary>
/// N assessors at once (default 50), each the owner of their own AI system, stepping through its impact assessment
/// over HTTP as Teams would: <c>assess &lt;system&gt;</c>, then one Action.Execute invoke per step (Next with the step's
/// answers, the last one Submit), each press built from the card the previous press answered with. Every press reads
/// the assessment and the system, saves the step with its ETag and appends a ledger event. Prints p50/p95 of a step.
/// </summary>
internal static class AssessmentBenchmark
{
    private const string Tenant = BenchmarkBotHost.Tenant;

    public static async Task RunAsync(string[] args)
    {
        var assessors = BenchmarkArgs.Int(args, "--assessors", 50);
        var rounds = BenchmarkArgs.Int(args, "--rounds", 2);

        await using var host = await BenchmarkBotHost.StartAsync();
        var systems = await SeedAsync(host.Services, assessors * (rounds + 1));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = assessors * 2 }) { BaseAddress = host.BaseAddress };

        // Warm up (JIT, connection pools): one full assessment per assessor, not measured.
        await Task.WhenAll(Enumerable.Range(0, assessors).Select(a => AssessAsync(host, http, systems[a], a, null, null)));

        var steps = new List<double>();
        var starts = new List<double>();
        var submits = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= rounds; round++)
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, assessors).Select(a =>
            {
                var stepLatencies = new List<double>();
                var startLatency = new List<double>();
                return AssessAsync(host, http, systems[(round * assessors) + a], a, stepLatencies, startLatency)
                    .ContinueWith(t => (Steps: stepLatencies, Start: startLatency, Submit: t.Result), TaskScheduler.Default);
            }));
            foreach (var run in runs)
            {
                steps.AddRange(run.Steps);
                starts.AddRange(run.Start);
                submits.Add(run.Submit);
            }
        }

        clock.Stop();
        var stored = host.Services.GetRequiredService<ImpactAssessmentRepository>();
        var submitted = (await stored.ListLatestAsync(Tenant)).Count(a => a.State.Status == Domain.Assessments.AssessmentStatus.Submitted);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Impact assessment benchmark — {assessors} concurrent assessors, {rounds} rounds, each stepping through all 8 steps of their own system's assessment; {Environment.ProcessorCount} cores, Azurite on loopback"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Row("assess <system> (start, reply)", starts)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Row("a step (Next: save + next card)", steps)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Row("Submit (save + submit + card)", submits)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{steps.Count + submits.Count} presses in {clock.Elapsed.TotalSeconds:F1} s ({(steps.Count + submits.Count) / clock.Elapsed.TotalSeconds:F0} presses/s); assessments submitted: {submitted} (expected {assessors * (rounds + 1)})"));
    }

    /// <summary>One assessor's whole assessment; returns the Submit press's latency (ms).</summary>
    private static async Task<double> AssessAsync(BenchmarkBotHost host, HttpClient http, StoredAiSystem system, int assessor, List<double>? steps, List<double>? start)
    {
        var owner = system.System.OwnerUserId;
        var conversation = "a:bench-assessor-" + assessor.ToString(CultureInfo.InvariantCulture);
        var started = Stopwatch.GetTimestamp();
        var id = Guid.NewGuid().ToString("N");
        await PostAsync(host, http, Activity(host, "message", id, owner, conversation, $"assess {system.System.Name}"));
        var card = await ReplyCardAsync(host, id);
        start?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        foreach (var (section, answers) in Answers)
        {
            var verb = section == "conclusions" ? AssessmentStepCards.SubmitVerb : AssessmentStepCards.NextVerb;
            var invoke = Activity(host, "invoke", Guid.NewGuid().ToString("N"), owner, conversation, null);
            invoke["name"] = "adaptiveCard/action";
            invoke["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = Press(card, verb, answers) },
                ["trigger"] = "manual",
            };
            var pressed = Stopwatch.GetTimestamp();
            var answer = JsonNode.Parse(await PostAsync(host, http, invoke))!;
            var latency = Stopwatch.GetElapsedTime(pressed).TotalMilliseconds;
            card = answer["value"] ?? throw new InvalidOperationException("No card: " + answer.ToJsonString());
            var shown = card.ToJsonString();
            if (verb == AssessmentStepCards.SubmitVerb)
            {
                return shown.Contains("Submitted", StringComparison.Ordinal) ? latency : throw new InvalidOperationException("Not submitted: " + shown[..Math.Min(600, shown.Length)]);
            }

            if (shown.Contains("Please fix", StringComparison.Ordinal) || shown.Contains("moved on", StringComparison.Ordinal) || shown.Contains("Nothing was saved", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Step {section} was not accepted: {shown[..Math.Min(600, shown.Length)]}");
            }

            steps?.Add(latency);
        }

        throw new InvalidOperationException("The questionnaire has no last step.");
    }

    private static readonly (string Section, Dictionary<string, string> Answers)[] Answers =
    [
        ("system", new() { ["sensitive-uses"] = "credit" }),
        ("misuse", new() { ["misuse-foreseen"] = "no", ["misuse-reasoning"] = "Only credit officers see the scores." }),
        ("data", new() { ["data-sources"] = "The national credit bureau.", ["personal-data"] = "no", ["data-provenance"] = "Contracts with the bureau." }),
        ("model", new() { ["model-type"] = "machine-learning", ["model-origin"] = "in-house", ["decision-role"] = "recommends", ["decision-logic"] = "Gradient boosting over bureau data.", ["performance"] = "AUC is reviewed monthly." }),
        ("deployment", new() { ["environment"] = "Branch offices of the bank.", ["oversight"] = "in-the-loop", ["oversight-description"] = "Officers review every score.", ["can-contest"] = "no" }),
        ("parties", new() { ["individuals"] = "Loan applicants.", ["vulnerable"] = "no" }),
        ("impacts", new() { ["effect"] = "harm", ["area"] = "fairness", ["impact-description"] = "Thin-file applicants may be scored low.", ["affected"] = "Applicants", ["severity"] = "3", ["likelihood"] = "2", ["reversibility"] = "with-effort", ["existing-measures"] = "Officers review refusals." }),
        ("conclusions", new() { ["conclusion"] = "acceptable", ["summary"] = "Acceptable as it stands." }),
    ];

    /// <summary>What Teams sends for a button: its data, every input's current value, then the answers typed.</summary>
    private static JsonObject Press(JsonNode card, string verb, Dictionary<string, string> answers)
    {
        var action = (card["actions"]?.AsArray() ?? []).FirstOrDefault(a => (string?)a!["verb"] == verb) ?? throw new InvalidOperationException($"No '{verb}' button.");
        var data = action!["data"]!.DeepClone().AsObject();
        foreach (var input in (card["body"]?.AsArray() ?? []).Where(e => ((string?)e!["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            if ((string?)input!["value"] is { } value)
            {
                data[(string)input["id"]!] = value;
            }
        }

        foreach (var (question, value) in answers)
        {
            data[AssessmentStepCards.InputPrefix + question] = value;
        }

        return data;
    }

    private static JsonObject Activity(BenchmarkBotHost host, string type, string id, string user, string conversation, string? text)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["serviceUrl"] = host.Connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:" + user, ["aadObjectId"] = user, ["name"] = "Bench Owner" },
            ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["recipient"] = new JsonObject { ["id"] = "28:" + TestTokens.AppId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        };
        if (text is not null)
        {
            activity["text"] = text;
        }

        return activity;
    }

    private static async Task<string> PostAsync(BenchmarkBotHost host, HttpClient http, JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"POST /api/messages answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>The card the bot sent the fake connector in reply to activity <paramref name="id"/>.</summary>
    private static async Task<JsonNode> ReplyCardAsync(BenchmarkBotHost host, string id)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var reply = host.Connector.Requests.FirstOrDefault(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + id, StringComparison.Ordinal));
            if (reply is not null)
            {
                return JsonNode.Parse(reply.Body)!["attachments"]?[0]?["content"] ?? throw new InvalidOperationException("No card: " + reply.Body);
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No reply to {id}.");
    }

    /// <summary>One system per assessor run ("Assessed 001"…), each owned by its assessor.</summary>
    private static async Task<IReadOnlyList<StoredAiSystem>> SeedAsync(IServiceProvider services, int count)
    {
        var repository = services.GetRequiredService<AiSystemRepository>();
        var lead = Actor.Create("bench-lead", Role.ComplianceLead);
        var stored = new StoredAiSystem[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var system = AiSystem.Create(
                new AiSystemDetails($"Assessed {i + 1:D3}", "Scores consumer loan applications.", "Decision support for credit officers.", [OrganizationRole.Developer], LifecycleStage.Operation, $"aad-assessor-{i:D3}", RiskTier.High),
                lead,
                TimeProvider.System).Value!;
            stored[i] = await repository.AddAsync(Tenant, system, $"Assessor {i:D3}", "bench-lead", null, ct);
        });
        return stored;
    }

    private static string Row(string name, List<double> millis)
    {
        var sorted = millis.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{name,-34} n={sorted.Length,5}  p50 {P(50),8:F1} ms  p95 {P(95),8:F1} ms  p99 {P(99),8:F1} ms  max {sorted[^1],8:F1} ms");
    }
}
