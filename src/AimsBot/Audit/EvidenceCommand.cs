using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Audit;

/// <summary>
/// <c>evidence &lt;id&gt; [system &lt;name&gt;] [since …] [until …]</c>: a control instance's evidence, newest first,
/// a page at a time; "More" (verb <see cref="EvidenceQueryCards.MoreVerb"/>) replaces the card with the next page.
/// The continuation it carries is signed, bound to the caller and used once (<see cref="ContinuationSigner"/>).
/// Who may read what: <see cref="Domain.Access.DomainAction.ViewEvidence"/>. An auditor's every page is recorded.
/// </summary>
public sealed class EvidenceCommand : IChatCommand, ICardActionHandler
{
    public const string QueryName = "evidence";

    private readonly EvidenceQueries _queries;
    private readonly ContinuationSigner _continuations;
    private readonly LedgerAuditRecorder _recorder;
    private readonly int _pageSize;

    public EvidenceCommand(EvidenceQueries queries, ContinuationSigner continuations, LedgerAuditRecorder recorder, IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queries = queries;
        _continuations = continuations;
        _recorder = recorder;
        _pageSize = options.Value.PageSize;
    }

    /// <summary>Anyone may own a control or a system; whether they may read this one is checked when they ask.</summary>

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var resolved = await _queries.ResolveAsync(context.Caller, context.Arguments, cancellationToken);
        if (!resolved.TryGetValue(out var target))
        {
            await _recorder.RecordAuditorQueryAsync(context.Caller, context.Turn.Activity.Id, QueryName, new JsonObject { ["arguments"] = context.Arguments, ["refused"] = resolved.Errors[0].Code }, cancellationToken);
            return BotReply.FromText(resolved.ErrorMessage);
        }

        var slice = await _queries.PageAsync(context.Caller.TenantId, target, null, _pageSize, cancellationToken);
        if (slice.Rows.Count == 0)
        {
            await RecordAsync(context.Caller, context.Turn.Activity.Id, target, page: 1, [], cancellationToken);
            var dates = target.Since is null && target.Until is null ? "" : " in those dates";
            var where = target.View.System is { } s ? $" for {CardText.Md(s.System.Name)}" : "";
            return BotReply.FromText($"No evidence has been recorded for {target.Control.Id} {target.Control.Title}{where}{dates}.");
        }

        var (card, kept) = Page(context.Caller, target, slice, shownBefore: 0, page: 1);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, target, page: 1, slice.Rows.Take(kept), cancellationToken);
        return BotReply.FromCard(card, $"Evidence for {target.Control.Id}");
    }

    /// <summary>"More": the next page in place of the card, after checking the continuation and the caller's rights again.</summary>
    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = context.Data.ValueKind == JsonValueKind.Object && context.Data.TryGetProperty("continuation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var (state, problem) = await _continuations.RedeemAsync(context.Caller, QueryName, token, cancellationToken);
        if (state is null)
        {
            await _recorder.RecordAuditorQueryAsync(context.Caller, context.Turn.Activity.Id, QueryName, new JsonObject { ["more"] = true, ["refused"] = problem.ToString() }, cancellationToken);
            return CardActionOutcome.Refuse(problem == ContinuationProblem.SomeoneElses ? "Forbidden" : "BadRequest", ContinuationSigner.Explain(problem, "evidence <id>"));
        }

        var p = state.Parameters;
        if (!TryDate(p.GetValueOrDefault("since"), out var since) || !TryDate(p.GetValueOrDefault("until"), out var until))
        {
            return CardActionOutcome.Refuse("BadRequest", ContinuationSigner.Explain(ContinuationProblem.Forged, "evidence <id>"));
        }

        var resolved = await _queries.ResolveByKeyAsync(context.Caller, p.GetValueOrDefault("scope"), p.GetValueOrDefault("control"), since, until, cancellationToken);
        if (!resolved.TryGetValue(out var target))
        {
            return RegisterReplies.Refusal(resolved.Errors) ?? CardActionOutcome.Refuse("BadRequest", resolved.ErrorMessage);
        }

        if (target.InstanceScope.Key != p.GetValueOrDefault("instance"))
        {
            // A system took over (or gave back) this control since the first page: the rows would come from another list.
            return CardActionOutcome.Refuse("BadRequest", $"Who answers {target.Control.Id} changed since this list started. Say **{target.Command}** for a fresh one.");
        }

        var slice = await _queries.PageAsync(context.Caller.TenantId, target, state.AfterRowKey, _pageSize, cancellationToken);
        var (card, kept) = Page(context.Caller, target, slice, state.Shown, state.Page + 1);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, target, state.Page + 1, slice.Rows.Take(kept), cancellationToken);
        return CardActionOutcome.Replace(card);
    }

    private (Teams.Cards.AdaptiveCard Card, int Kept) Page(Caller caller, EvidenceTarget target, EvidenceSlice slice, int shownBefore, int page)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["control"] = target.Control.Id,
            ["scope"] = target.View.Scope.Key,
            ["instance"] = target.InstanceScope.Key,
            ["since"] = target.Since is { } s ? CardText.Date(s) : null,
            ["until"] = target.Until is { } u ? CardText.Date(u) : null,
        };
        return EvidenceQueryCards.Page(target, slice.Rows, shownBefore, slice.HasMore, (after, kept) => _continuations.Issue(caller, QueryName, parameters, after, page, shownBefore + kept));
    }

    private Task RecordAsync(Caller caller, string? activityId, EvidenceTarget target, int page, IEnumerable<(string RowKey, StoredEvidence Evidence)> shown, CancellationToken cancellationToken)
    {
        var ids = new JsonArray(shown.Select(r => (JsonNode?)JsonValue.Create(r.Evidence.Id)).ToArray());
        var details = new JsonObject
        {
            ["control"] = target.Control.Id,
            ["scope"] = target.View.Scope.Key,
            ["instance"] = target.InstanceScope.Key,
            ["since"] = target.Since is { } s ? CardText.Date(s) : null,
            ["until"] = target.Until is { } u ? CardText.Date(u) : null,
            ["page"] = page,
            ["rows"] = ids.Count,
            ["evidence"] = ids,
        };
        return _recorder.RecordAuditorQueryAsync(caller, activityId, QueryName, details, cancellationToken);
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }

        return false;
    }
}
