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
/// <c>evidence &lt;id&gt; [system &lt;name&gt;|all systems] [since …] [until …] [covering …]</c>: a control instance's
/// evidence (or the control's across every scope, from the evidence index), newest first,
/// a page at a time; "More" (verb <see cref="EvidenceQueryCards.MoreVerb"/>) replaces the card with the next page.
/// The continuation it carries is signed, bound to the caller and used once (<see cref="ContinuationSigner"/>).
/// Who may read what: <see cref="Domain.Access.DomainAction.ViewEvidence"/>. An auditor's every page is recorded.
/// </summary>
public sealed class EvidenceCommand : IChatCommand, ICardActionHandler
{
    public const string QueryName = "evidence";

    /// <summary>The continuation's scope for a list across every scope (no system id can be it: ids are slugs).</summary>
    private const string AllScopesKey = "*all";

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

        var (slice, names) = await PageAsync(context.Caller.TenantId, target, null, cancellationToken);
        if (slice.Rows.Count == 0)
        {
            await RecordAsync(context.Caller, context.Turn.Activity.Id, target, page: 1, [], cancellationToken);
            var dates = target.Dates.Any ? " in those dates" : "";
            var where = target switch
            {
                AllScopesTarget => " in the organisation or any AI system",
                EvidenceTarget { View.System: { } s } => $" for {CardText.Md(s.System.Name)}",
                _ => "",
            };
            return BotReply.FromText($"No evidence has been recorded for {target.Control.Id} {target.Control.Title}{where}{dates}.");
        }

        var (card, kept) = Page(context.Caller, target, slice, names, shownBefore: 0, page: 1);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, target, page: 1, slice.Rows.Take(kept), cancellationToken);
        return BotReply.FromCard(card, $"Evidence for {target.Control.Id}");
    }

    /// <summary>"More": the next page in place of the card, after checking the continuation and the caller's rights again.</summary>
    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = ContinuationSigner.TokenFrom(context.Data);
        var (state, problem) = await _continuations.RedeemAsync(context.Caller, QueryName, token, cancellationToken);
        if (state is null)
        {
            await _recorder.RecordAuditorQueryAsync(context.Caller, context.Turn.Activity.Id, QueryName, new JsonObject { ["more"] = true, ["refused"] = problem.ToString() }, cancellationToken);
            return ContinuationSigner.Refusal(problem, "evidence <id>");
        }

        var p = state.Parameters;
        if (!EvidenceDates.TryRead(p, out var dates))
        {
            return CardActionOutcome.Refuse("BadRequest", ContinuationSigner.Explain(ContinuationProblem.Forged, "evidence <id>"));
        }

        var allScopes = p.GetValueOrDefault("scope") == AllScopesKey;
        var resolved = await _queries.ResolveByKeyAsync(context.Caller, p.GetValueOrDefault("scope"), p.GetValueOrDefault("control"), dates, allScopes, cancellationToken);
        if (!resolved.TryGetValue(out var target))
        {
            return RegisterReplies.Refusal(resolved.Errors) ?? CardActionOutcome.Refuse("BadRequest", resolved.ErrorMessage);
        }

        if (target is EvidenceTarget one && one.InstanceScope.Key != p.GetValueOrDefault("instance"))
        {
            // A system took over (or gave back) this control since the first page: the rows would come from another list.
            return CardActionOutcome.Refuse("BadRequest", $"Who answers {target.Control.Id} changed since this list started. Say **{target.Command}** for a fresh one.");
        }

        var (slice, names) = await PageAsync(context.Caller.TenantId, target, state.AfterRowKey, cancellationToken);
        var (card, kept) = Page(context.Caller, target, slice, names, state.Shown, state.Page + 1);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, target, state.Page + 1, slice.Rows.Take(kept), cancellationToken);
        return CardActionOutcome.Replace(card);
    }

    private async Task<(EvidenceSlice Slice, AllScopesPage? Names)> PageAsync(string tenantId, EvidenceAsk target, string? afterRowKey, CancellationToken cancellationToken)
    {
        switch (target)
        {
            case AllScopesTarget all:
                var page = await _queries.PageAsync(tenantId, all, afterRowKey, _pageSize, cancellationToken);
                return (page.Slice, page);
            case EvidenceTarget one:
                return (await _queries.PageAsync(tenantId, one, afterRowKey, _pageSize, cancellationToken), null);
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }
    }

    private (Teams.Cards.AdaptiveCard Card, int Kept) Page(Caller caller, EvidenceAsk target, EvidenceSlice slice, AllScopesPage? names, int shownBefore, int page)
    {
        var parameters = Parameters(target);
        return EvidenceQueryCards.Page(target, slice.Rows, shownBefore, slice.HasMore, (after, kept) => _continuations.Issue(caller, QueryName, parameters, after, page, shownBefore + kept), names is null ? null : names.ScopeName);
    }

    private static Dictionary<string, string?> Parameters(EvidenceAsk target)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["control"] = target.Control.Id,
            ["scope"] = target is EvidenceTarget one ? one.View.Scope.Key : AllScopesKey,
            ["instance"] = target is EvidenceTarget instance ? instance.InstanceScope.Key : null,
        };
        target.Dates.WriteTo(parameters);
        return parameters;
    }

    private Task RecordAsync(Caller caller, string? activityId, EvidenceAsk target, int page, IEnumerable<(string RowKey, StoredEvidence Evidence)> shown, CancellationToken cancellationToken)
    {
        var ids = new JsonArray(shown.Select(r => (JsonNode?)JsonValue.Create(r.Evidence.Id)).ToArray());
        var details = new JsonObject();
        foreach (var (key, value) in Parameters(target))
        {
            details[key] = value == AllScopesKey ? "all" : value;
        }

        details["page"] = page;
        details["rows"] = ids.Count;
        details["evidence"] = ids;
        return _recorder.RecordAuditorQueryAsync(caller, activityId, QueryName, details, cancellationToken);
    }
}
