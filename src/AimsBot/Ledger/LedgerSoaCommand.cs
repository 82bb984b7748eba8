using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AimsBot.Audit;
using AimsBot.Commands;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;

namespace AimsBot.Ledger;

/// <summary>
/// <c>ledger soa [since &lt;yyyy-mm-dd&gt;]</c>: every applicability decision recorded in the tenant's ledger — each
/// inclusion or exclusion of any control in any scope, with its justification, who decided (by name) and when —
/// oldest first (as they happened, like <c>ledger &lt;entity id&gt;</c>), a page at a time with "More"
/// (<see cref="LedgerCards.SoaMoreVerb"/>). Read through the ledger's index by event kind, never the whole chain.
/// Every page shown is recorded (<c>ledger.viewed</c>).
/// </summary>
public sealed partial class LedgerSoaCommand : IChatCommand, ICardActionHandler
{
    public const string QueryName = "ledger-soa";
    public const string Usage = "ledger soa [since <yyyy-mm-dd>]";

    /// <summary>The events that can carry an applicability decision: an exclusion in chat, and imports (kept when they changed it).</summary>
    private static readonly string[] DecisionEvents = [LedgerEvents.ControlExcluded.Name, LedgerEvents.ControlUpdated.Name];

    /// <summary>Index pages read at most per card: imports may change many controls without deciding anything.</summary>
    private const int MaxReadsPerPage = 5;

    private readonly ILedgerAudit _audit;
    private readonly LedgerRecorder _recorder;
    private readonly LedgerNames _names;
    private readonly ContinuationSigner _continuations;
    private readonly AiSystemRepository _systems;
    private readonly TimeProvider _clock;

    public LedgerSoaCommand(ILedgerAudit audit, LedgerRecorder recorder, LedgerNames names, ContinuationSigner continuations, AiSystemRepository systems, TimeProvider clock)
    {
        _audit = audit;
        _recorder = recorder;
        _names = names;
        _continuations = continuations;
        _systems = systems;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments.Trim();
        DateOnly? since = null;
        if (arguments.Length > 0)
        {
            var match = SinceArgument().Match(arguments);
            if (!match.Success)
            {
                return BotReply.FromText($"I did not understand '{Shown(arguments)}'. Say **ledger soa** for every decision, or **ledger soa since 2025-01-01** for those from a date on. Nothing was looked up.");
            }

            var text = match.Groups["date"].Value;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return BotReply.FromText(text.Length == 0
                    ? "Since when? Write the date as yyyy-mm-dd, e.g. **ledger soa since 2025-01-01**. Nothing was looked up."
                    : $"'{Shown(text)}' is not a date I can read: write it as yyyy-mm-dd, e.g. **ledger soa since 2025-01-01**. Nothing was looked up.");
            }

            var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
            if (date > today)
            {
                return BotReply.FromText(string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} UTC), so nothing can have been decided since then. Pick a date on or before today."));
            }

            since = date;
        }

        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var (decisions, lastRead, hasMore) = await ReadAsync(context.Caller.TenantId, since, 0, cancellationToken);
        if (decisions.Count == 0)
        {
            await RecordAsync(context.Caller, context.Turn.Activity.Id, since, 1, [], cancellationToken);
            return BotReply.FromText(since is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"No control was included or excluded since {s:yyyy-MM-dd} (UTC). Say **ledger soa** for every decision ever recorded.")
                : "No applicability decision is recorded yet: every control is included by default until a compliance lead excludes one (**soa exclude**).");
        }

        var (card, shown) = Page(context.Caller, decisions, since, lastRead, hasMore, shownBefore: 0, page: 1, zone);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, since, 1, shown, cancellationToken);
        return BotReply.FromCard(card, "SoA decisions");
    }

    /// <summary>"More": the next page in place of the card, once the continuation proves it is this caller's and unused.</summary>
    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (state, problem) = await _continuations.RedeemAsync(context.Caller, QueryName, ContinuationSigner.TokenFrom(context.Data), cancellationToken);
        DateOnly? since = null;
        if (state is null
            || !long.TryParse(state.AfterRowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            || (state.Parameters.GetValueOrDefault("since") is { } text && !TryDate(text, out since)))
        {
            return ContinuationSigner.Refusal(problem, "ledger soa");
        }

        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var (decisions, lastRead, hasMore) = await ReadAsync(context.Caller.TenantId, since, after, cancellationToken);
        if (decisions.Count == 0)
        {
            return CardActionOutcome.Say("No more SoA decisions.");
        }

        var (card, shown) = Page(context.Caller, decisions, since, lastRead, hasMore, state.Shown, state.Page + 1, zone);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, since, state.Page + 1, shown, cancellationToken);
        return CardActionOutcome.Replace(card);
    }

    private (Teams.Cards.AdaptiveCard Card, IReadOnlyList<LedgerCards.SoaDecision> Shown) Page(
        Caller caller, List<LedgerCards.SoaDecision> decisions, DateOnly? since, long lastRead, bool hasMore, int shownBefore, int page, TimeZoneInfo zone)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal) { ["since"] = since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var (card, kept) = LedgerCards.SoaHistory(
            decisions,
            since,
            shownBefore,
            hasMore,
            zone,
            // After the last decision on the card; when every decision read fits, after the last event read (the
            // events between them decided nothing, so the next page need not read them again).
            (last, keptCount) => _continuations.Issue(caller, QueryName, parameters, (keptCount == decisions.Count ? lastRead : last.Event.Sequence).ToString(CultureInfo.InvariantCulture), page, shownBefore + keptCount));
        return (card, decisions.Take(kept).ToList());
    }

    /// <summary>
    /// Up to a page of decisions after sequence <paramref name="after"/>: reads the index by event kind a page at a
    /// time, keeping the events that decided applicability, until a page is full, the ledger ends or
    /// <see cref="MaxReadsPerPage"/> reads were made. Returns the decisions, the last sequence read and whether more may follow.
    /// </summary>
    private async Task<(List<LedgerCards.SoaDecision> Decisions, long LastRead, bool HasMore)> ReadAsync(string tenant, DateOnly? since, long after, CancellationToken cancellationToken)
    {
        var from = since is { } s ? new DateTimeOffset(s.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        var events = new List<LedgerEvent>();
        var lastRead = after;
        var hasMore = true;
        for (var read = 0; read < MaxReadsPerPage && hasMore && events.Count < LedgerCommand.PageSize; read++)
        {
            var page = await _audit.KindPageAsync(tenant, DecisionEvents, from, lastRead, LedgerCommand.PageSize, cancellationToken);
            hasMore = page.HasMore;
            foreach (var e in page.Events)
            {
                lastRead = e.Sequence;
                if (IsDecision(e))
                {
                    events.Add(e);
                }
            }
        }

        if (events.Count == 0)
        {
            return ([], lastRead, false);
        }

        var nameOf = await _names.ForAsync(tenant, events, cancellationToken);
        var systems = (await _systems.ListAsync(tenant, cancellationToken)).ToDictionary(x => x.System.Id, x => x.System.Name, StringComparer.Ordinal);
        var decisions = events.Select(e => Decision(e, nameOf, systems)).OfType<LedgerCards.SoaDecision>().ToList();
        return (decisions, lastRead, hasMore);
    }

    /// <summary>Whether the event changed a control's applicability, its justification or who decided it.</summary>
    private static bool IsDecision(LedgerEvent e)
    {
        var after = State(e.After);
        if (after is null || (string?)after["applicability"] is null)
        {
            return false;
        }

        var before = State(e.Before);
        if (before is null)
        {
            return (string?)after["decidedAt"] is not null;
        }

        return !JsonNode.DeepEquals(before["applicability"], after["applicability"])
            || !JsonNode.DeepEquals(before["justification"], after["justification"])
            || !JsonNode.DeepEquals(before["decidedAt"], after["decidedAt"]);
    }

    private static LedgerCards.SoaDecision? Decision(LedgerEvent e, Func<string, string?> nameOf, Dictionary<string, string> systems)
    {
        var snapshot = ChangeSummary.ParseObject(e.After);
        var state = State(e.After);
        if (snapshot is null || state is null)
        {
            return null;
        }

        var slash = e.EntityId.LastIndexOf('/');
        var scopeKey = slash > 0 ? e.EntityId[..slash] : e.EntityId;
        var controlText = slash > 0 ? e.EntityId[(slash + 1)..] : (string?)state["controlId"] ?? "";
        var title = ControlId.TryParse(controlText, out var control) ? AnnexA.Get(control).Title : "";
        var scopeName = scopeKey == ControlScope.OrganizationKey ? "the organisation" : systems.GetValueOrDefault(scopeKey) ?? scopeKey;
        var deciderId = (string?)state["decidedBy"];
        var decider = (string?)snapshot["decidedByName"] is { Length: > 0 } stored ? stored
            : deciderId is not null ? nameOf(deciderId) ?? deciderId
            : nameOf(e.ActorId) ?? e.ActorId;
        var decidedAt = DateTimeOffset.TryParse((string?)state["decidedAt"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : e.OccurredAt;
        var included = !string.Equals((string?)state["applicability"], nameof(ApplicabilityStatus.Excluded), StringComparison.Ordinal);
        return new LedgerCards.SoaDecision(e, control?.Value ?? controlText, title, scopeName, included, (string?)state["justification"], decider, decidedAt);
    }

    /// <summary>A control snapshot's state (<c>{"state":{…},"ownerName":…}</c>), or the object itself for older shapes.</summary>
    private static JsonObject? State(string? json) => ChangeSummary.ParseObject(json) is { } o ? o["state"] as JsonObject ?? o : null;

    private Task<LedgerEvent> RecordAsync(Caller caller, string? activityId, DateOnly? since, int page, IReadOnlyList<LedgerCards.SoaDecision> shown, CancellationToken cancellationToken)
    {
        var after = new JsonObject
        {
            ["entity"] = "soa decisions",
            ["since"] = since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["page"] = page,
            ["shown"] = shown.Count,
            ["sequences"] = new JsonArray(shown.Select(d => (JsonNode?)JsonValue.Create(d.Event.Sequence)).ToArray()),
        };
        return _recorder.RecordAsync(caller, LedgerEvents.LedgerViewed.With(before: null, after.ToJsonString()), activityId, cancellationToken);
    }

    private static bool TryDate(string text, out DateOnly? date)
    {
        date = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return date is not null;
    }

    private static string Shown(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex(@"^since(?:\s+(?<date>\S+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SinceArgument();
}
