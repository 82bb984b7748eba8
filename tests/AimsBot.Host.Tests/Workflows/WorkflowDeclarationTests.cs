using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Host.Tests.Support;
using AimsBot.Nudges;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Workflows;

/// <summary>
/// A workflow declares each command and card verb with what it needs; the router enforces that once, before the
/// handler runs, and a name declared twice stops the host from starting.
/// </summary>
public sealed class WorkflowDeclarationTests
{
    private const string NoRole = "aad-user-0001";

    [Fact]
    public async Task A_command_name_another_workflow_declared_refuses_to_start_and_names_both()
    {
        var bot = new ProtocolHarness
        {
            ConfigureServices = s => s.AddWorkflow("impostor").Command<ProbeCommand>("SOA", "soa", "Shadows the real one.", DomainAction.ViewRegister),
        };

        var refused = await Record.ExceptionAsync(bot.InitializeAsync);
        await bot.DisposeAsync();

        Assert.NotNull(refused);
        var message = ExceptionMessages.Flatten(refused);
        Assert.Contains("The command 'soa' is declared twice", message, StringComparison.Ordinal);
        Assert.Contains("the workflow 'register' (SoaCommand)", message, StringComparison.Ordinal);
        Assert.Contains("the workflow 'impostor' (ProbeCommand)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_verb_another_workflow_declared_refuses_to_start_and_names_both()
    {
        var bot = new ProtocolHarness
        {
            ConfigureServices = s => s.AddWorkflow("impostor").Verb<ProbeAction>(NudgeCards.SnoozeVerb, DomainAction.RespondToReminder),
        };

        var refused = await Record.ExceptionAsync(bot.InitializeAsync);
        await bot.DisposeAsync();

        Assert.NotNull(refused);
        var message = ExceptionMessages.Flatten(refused);
        Assert.Contains($"The card verb '{NudgeCards.SnoozeVerb}' is declared twice", message, StringComparison.Ordinal);
        Assert.Contains("the workflow 'nudges' (NudgeSnoozeAction)", message, StringComparison.Ordinal);
        Assert.Contains("the workflow 'impostor' (ProbeAction)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_runs_only_for_callers_its_declared_action_allows_and_help_lists_it_only_for_them()
    {
        var probe = new ProbeCommand();
        await using var bot = await StartAsync(s =>
        {
            s.AddSingleton(probe);
            s.AddWorkflow("test").Command<ProbeCommand>("probe", "probe <thing>", "Probes a thing.", DomainAction.ManageRegister);
        });

        var refused = await SayAsync(bot, "probe A.2.2", NoRole);
        Assert.Contains("**probe** is not available to you", refused, StringComparison.Ordinal);
        Assert.Equal(0, probe.Calls);
        Assert.DoesNotContain("probe", await SayAsync(bot, "help", NoRole), StringComparison.Ordinal);

        var answered = await SayAsync(bot, "probe A.2.2", ProtocolHarness.ComplianceLeadId);
        Assert.Contains("probed A.2.2", answered, StringComparison.Ordinal);
        Assert.Equal(1, probe.Calls);
        Assert.Contains("probe", await SayAsync(bot, "help", ProtocolHarness.ComplianceLeadId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_verb_runs_only_for_callers_its_declared_action_allows()
    {
        var probe = new ProbeAction();
        await using var bot = await StartAsync(s =>
        {
            s.AddSingleton(probe);
            s.AddWorkflow("test").Verb<ProbeAction>("test.probe", DomainAction.RespondToReminder);
        });

        // An auditor changes nothing, whatever the card data says (the domain's read-only rule, checked by the router).
        var auditor = await PressAsync(bot, "test.probe", ProtocolHarness.AuditorId);
        Assert.Equal(403, (int)auditor["statusCode"]!);
        Assert.Contains("Auditors have read-only access", (string?)auditor["value"]!["message"], StringComparison.Ordinal);
        Assert.Contains("I changed nothing.", (string?)auditor["value"]!["message"], StringComparison.Ordinal);
        Assert.Equal(0, probe.Calls);

        var owner = await PressAsync(bot, "test.probe", NoRole);
        Assert.Equal(200, (int)owner["statusCode"]!);
        Assert.Equal(1, probe.Calls);
    }

    [Fact]
    public async Task A_verb_declared_for_the_personal_chat_only_is_refused_in_a_channel_before_its_handler_runs()
    {
        var probe = new ProbeAction();
        await using var bot = await StartAsync(s =>
        {
            s.AddSingleton(probe);
            s.AddWorkflow("test").Verb<ProbeAction>("test.private", DomainAction.ViewRegister).PersonalChatOnly();
        });

        var inChannel = await PressAsync(bot, "test.private", ProtocolHarness.ComplianceLeadId, channel: true);
        Assert.Equal(403, (int)inChannel["statusCode"]!);
        Assert.Contains("only in our 1:1 chat", (string?)inChannel["value"]!["message"], StringComparison.Ordinal);
        Assert.Equal(0, probe.Calls);

        var personal = await PressAsync(bot, "test.private", ProtocolHarness.ComplianceLeadId);
        Assert.Equal(200, (int)personal["statusCode"]!);
        Assert.Equal(1, probe.Calls);
    }

    [Fact]
    public async Task Every_command_and_verb_of_the_host_is_declared_once_with_a_handler_of_the_right_kind()
    {
        await using var bot = await StartAsync(_ => { });
        var catalog = bot.Factory.Services.GetRequiredService<WorkflowCatalog>();

        Assert.Contains(catalog.Commands, c => c.Name == "soa exclude" && c.Action == DomainAction.DecideApplicability && c.Workflow == "register");
        Assert.Contains(catalog.Verbs, v => v.Verb == NudgeCards.SnoozeVerb && v.Action == DomainAction.RespondToReminder);
        Assert.All(catalog.Commands, c => Assert.IsAssignableFrom<IChatCommand>(bot.Factory.Services.GetRequiredService(c.HandlerType)));
        Assert.All(catalog.Verbs, v => Assert.IsAssignableFrom<ICardActionHandler>(bot.Factory.Services.GetRequiredService(v.HandlerType)));
        // Only help and whoami answer someone Teams cannot name.
        Assert.Equal(["help", "whoami"], catalog.Commands.Where(c => c.OpenToUnidentifiedCallers).Select(c => c.Name));
    }

    [Fact]
    public async Task The_welcome_card_promises_only_what_registered_workflows_do()
    {
        await using var bot = await StartAsync(s => s.AddWorkflow("test").Welcome("As a risk approver, you try the test workflow.", Role.RiskApprover));
        var lines = bot.Factory.Services.GetServices<WelcomeLine>().ToList();
        var everyRole = new Caller(ProtocolHarness.Tenant, "aad-x", "29:x", "X", Enum.GetValues<Role>().ToHashSet());
        var nobody = new Caller(ProtocolHarness.Tenant, "aad-y", "29:y", "Y", new HashSet<Role>());

        var toEveryRole = AimsBot.Onboarding.WelcomeCard.WhatIDoFor(everyRole, lines).ToList();
        var toNobody = AimsBot.Onboarding.WelcomeCard.WhatIDoFor(nobody, lines).ToList();

        Assert.Contains("As a risk approver, you try the test workflow.", toEveryRole);
        Assert.DoesNotContain("As a risk approver, you try the test workflow.", toNobody);
        Assert.Contains(toNobody, l => l.Contains("If you own a control", StringComparison.Ordinal));
        // Workflows that have not landed are not promised.
        foreach (var notYet in new[] { "impact assessment", "management review", "treatment plan" })
        {
            Assert.DoesNotContain(toEveryRole, l => l.Contains(notYet, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Help_shows_every_usage_placeholder_as_written_on_its_card()
    {
        await using var bot = await StartAsync(_ => { });
        var activity = bot.Harness.Activity("message", "help", userAadId: ProtocolHarness.ComplianceLeadId);
        await bot.Harness.PostAsync(activity);
        var reply = Assert.Single(await bot.Harness.WaitForRequestsAsync(r => r.Path.EndsWith("/activities/" + activity["id"], StringComparison.Ordinal)));

        var facts = reply.Json!["attachments"]![0]!["content"]!["body"]!.AsArray()
            .Where(e => (string?)e!["type"] == "FactSet")
            .SelectMany(e => e!["facts"]!.AsArray())
            .Select(f => (string)f!["title"]!)
            .ToList();

        // Teams takes "<id>" on a card for an HTML tag and drops it: every placeholder is shown as ‹id›.
        Assert.Contains("control ‹id› [system ‹name›]", facts);
        Assert.Contains("soa exclude ‹id› [system ‹name›] because ‹reason›", facts);
        Assert.All(facts, title => Assert.DoesNotMatch("[<>]", title));
        var catalog = bot.Factory.Services.GetRequiredService<WorkflowCatalog>();
        foreach (var usage in catalog.Commands.Select(c => c.Usage).Where(u => u.Contains('<', StringComparison.Ordinal)))
        {
            Assert.Equal(usage.Replace('<', '‹').Replace('>', '›'), AimsBot.Commands.Placeholders.ForCard(usage));
        }
    }

    private static async Task<AsyncHarness> StartAsync(Action<IServiceCollection> configure)
    {
        var bot = new ProtocolHarness { ConfigureServices = configure };
        await bot.InitializeAsync();
        return new AsyncHarness(bot);
    }

    private static async Task<string> SayAsync(AsyncHarness bot, string text, string user)
    {
        var activity = bot.Harness.Activity("message", text, userAadId: user);
        var response = await bot.Harness.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await bot.Harness.WaitForRequestsAsync(r => r.Path.EndsWith("/activities/" + activity["id"], StringComparison.Ordinal)));
        return reply.Body;
    }

    private static async Task<JsonNode> PressAsync(AsyncHarness bot, string verb, string user, bool channel = false)
    {
        var invoke = bot.Harness.Activity("invoke", userAadId: user, conversationId: channel ? "19:general@thread.tacv2" : "a:personal-1");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject() } };
        if (channel)
        {
            invoke["conversation"]!["conversationType"] = "channel";
        }

        var response = await bot.Harness.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }


    private sealed class AsyncHarness(ProtocolHarness harness) : IAsyncDisposable
    {
        public ProtocolHarness Harness { get; } = harness;

        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory => Harness.Factory;

        public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
    }

    private sealed class ProbeCommand : IChatCommand
    {
        private int _calls;

        public int Calls => _calls;

        public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(BotReply.FromText("probed " + context.Arguments));
        }
    }

    private sealed class ProbeAction : ICardActionHandler
    {
        private int _calls;

        public int Calls => _calls;

        public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(CardActionOutcome.Say("pressed"));
        }
    }
}
