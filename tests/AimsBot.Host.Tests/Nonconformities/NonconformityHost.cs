using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Host.Tests.Support;
using AimsBot.Nonconformities;
using AimsBot.Register;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Nonconformities;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>
/// The production host on a fake clock (<see cref="NudgeScanHost"/>: outbox drained by the test, people with 1:1
/// chats): the compliance lead <see cref="NudgeScanHost.Lead"/>, an AI system owned by <see cref="Owner"/>, who owns
/// the nonconformities the lead triages, <see cref="Fixer"/> who owns a corrective action, and a member of staff who
/// raises them. Helpers to raise one through the form, press a card's buttons as someone, and read what was stored and
/// recorded.
/// </summary>
public abstract class NonconformityHost : NudgeScanHost
{
    protected const string Owner = "0a770000-0000-4000-8000-000000000001";
    protected const string Fixer = "0a770000-0000-4000-8000-000000000002";
    protected const string Staff = "0a770000-0000-4000-8000-000000000003";
    protected const string Stranger = "0a770000-0000-4000-8000-0000000000ff";
    protected const string SystemName = "Credit Scorer";
    protected const string SystemId = "credit-scorer";
    protected const string NcTitle = "Drift check of Credit Scorer skipped in March";

    protected NonconformityHost(IDictionary<string, string?>? settings = null)
        : base(WithDefaults(settings))
    {
    }

    protected NonconformityRepository Repository => Bot.Factory.Services.GetRequiredService<NonconformityRepository>();
    protected NonconformityService Service => Bot.Factory.Services.GetRequiredService<NonconformityService>();
    protected ILedgerStore Ledger => Bot.Factory.Services.GetRequiredService<ILedgerStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(Owner, "Olive Owner");
        await PersonAsync(Fixer, "Fay Fixer");
        await PersonAsync(Staff, "Sam Staff");
        await PersonAsync(Stranger, "Nick Nobody");
        var lead = new Caller(Tenant, Lead, "29:" + Lead, "Lee Lead", new HashSet<Role> { Role.ComplianceLead });
        var added = await Bot.Factory.Services.GetRequiredService<RegisterService>().AddSystemAsync(
            lead,
            new AiSystemDetails(SystemName, "Scores consumer loan applications.", "Decision support for credit officers.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, Owner, RiskTier.High),
            "Olive Owner",
            Guid.NewGuid(),
            null,
            CancellationToken.None);
        Assert.True(added.IsSuccess, added.ErrorMessage);
    }

    /// <summary>The raise form's inputs, filled in as a person would.</summary>
    protected static (string, string)[] RaiseInputs(string title = NcTitle) =>
    [
        (NonconformityCards.TitleInput, title),
        (NonconformityCards.DescriptionInput, "The monthly drift check of March was not run and nobody noticed until April."),
        (NonconformityCards.SourceInput, "control-failure"),
        (NonconformityCards.SeverityInput, "major"),
        (NonconformityCards.SystemInput, SystemName),
        (NonconformityCards.ControlsInput, "A.6.2.6"),
        (NonconformityCards.LinkInput, "https://contoso.sharepoint.com/sites/aims/drift-march"),
    ];

    /// <summary>Says <c>nc raise</c> as <paramref name="aadId"/>, fills the form in and presses Raise: the card that replaces the form.</summary>
    protected async Task<JsonNode> RaiseAsync(string aadId, string name, params (string, string)[] inputs)
    {
        var reply = await SayAsync("nc raise", aadId);
        var form = reply["attachments"]![0]!["content"]!;
        return CardOf(await PressAsync(NonconformityCards.RaiseVerb, Button(form, NonconformityCards.RaiseVerb, inputs.Length == 0 ? RaiseInputs() : inputs), aadId, name));
    }

    /// <summary>Raises NC-1 as <see cref="Staff"/> and triages it as the lead, naming <see cref="Owner"/>: the lead's card after triage.</summary>
    protected async Task<JsonNode> RaisedAndTriagedAsync()
    {
        await RaiseAsync(Staff, "Sam Staff");
        var triage = await ShowAsync(1, Lead, "Lee Lead");
        return CardOf(await PressAsync(NonconformityCards.TriageVerb, Button(triage, NonconformityCards.TriageVerb, (NonconformityCards.OwnerInput, Owner + "@contoso.example")), Lead, "Lee Lead"));
    }

    /// <summary>The card of NC-<paramref name="number"/> as <paramref name="aadId"/> sees it now (its Show button).</summary>
    protected async Task<JsonNode> ShowAsync(int number, string aadId, string name)
    {
        var stored = await StoredAsync(number);
        var data = new JsonObject { [NonconformityCards.IdKey] = stored.Id.ToString(), [NonconformityCards.RevisionKey] = stored.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return CardOf(await PressAsync(NonconformityCards.ShowVerb, data, aadId, name));
    }

    protected async Task<Nonconformity> StoredAsync(int number = 1) =>
        (await Service.GetAsync(Tenant, new NonconformityId(number), CancellationToken.None))!.Nc;

    /// <summary>Presses an Action.Execute as <paramref name="aadId"/> (the Teams user id is <c>29:{aadId}</c>) and returns the invoke answer.</summary>
    protected async Task<JsonNode> PressAsync(string verb, JsonObject data, string aadId, string name)
    {
        var invoke = Bot.Activity("invoke", userAadId: aadId, conversationId: Conversation(aadId));
        invoke["from"] = new JsonObject { ["id"] = "29:" + aadId, ["name"] = name, ["aadObjectId"] = aadId };
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = "manual",
        };
        var response = await Bot.PostAsync(invoke, TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The data of the card's button with <paramref name="verb"/>, with the given inputs merged as Teams does.</summary>
    protected static JsonObject Button(JsonNode card, string verb, params (string Name, string Value)[] inputs)
    {
        var action = Executes(card).FirstOrDefault(a => (string?)a["verb"] == verb) ?? throw new InvalidOperationException($"The card has no '{verb}' button: {card.ToJsonString()}");
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var input in Inputs(card))
        {
            if (input["value"] is { } value)
            {
                data[(string)input["id"]!] = value.DeepClone();
            }
        }

        foreach (var (name, value) in inputs)
        {
            data[name] = value;
        }

        return data;
    }

    /// <summary>The data of one action's Done button (each open action has its own).</summary>
    protected static JsonObject DoneButton(JsonNode card, int action, string evidence)
    {
        var button = Executes(card).First(a => (string?)a["verb"] == NonconformityCards.ActionDoneVerb && (string?)a["data"]![NonconformityCards.ActionKey] == action.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = button["data"]!.DeepClone().AsObject();
        data[NonconformityCards.ActionEvidenceInput(action)] = evidence;
        return data;
    }

    protected static bool HasButton(JsonNode card, string verb) => Executes(card).Any(a => (string?)a["verb"] == verb);

    /// <summary>The card of an invoke answer (fails on a refusal, showing it).</summary>
    protected static JsonNode CardOf(JsonNode answer)
    {
        Assert.True((string?)answer["type"] == "application/vnd.microsoft.card.adaptive", answer.ToJsonString());
        return answer["value"]!;
    }

    /// <summary>The message of a refused invoke, checking its status.</summary>
    protected static string Refusal(JsonNode answer, int status = 403)
    {
        Assert.True((int?)answer["statusCode"] == status, answer.ToJsonString());
        return (string)answer["value"]!["message"]!;
    }

    protected static string Text(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The card a person received last that is about <paramref name="ncId"/>.</summary>
    protected JsonNode ReceivedCard(string aadId, string ncId) =>
        Received(aadId).Last(r => Shown(r).Contains(ncId, StringComparison.Ordinal))["attachments"]![0]!["content"]!;

    protected async Task<IReadOnlyList<string>> LedgerActionsAsync(string entityId) =>
        (await Ledger.ForEntityAsync(Tenant, entityId)).Select(e => e.Action).ToList();

    private static IEnumerable<JsonObject> Inputs(JsonNode? node) => node switch
    {
        JsonObject o => (((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && o["id"] is not null ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => Inputs(p.Value))),
        JsonArray a => a.SelectMany(Inputs),
        _ => [],
    };

    private static IEnumerable<JsonObject> Executes(JsonNode? node) => node switch
    {
        JsonObject o => ((string?)o["type"] == "Action.Execute" ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => Executes(p.Value))),
        JsonArray a => a.SelectMany(Executes),
        _ => [],
    };

    private static Dictionary<string, string?> WithDefaults(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["Register:OrganizationTimeZone"] = "Europe/London" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
