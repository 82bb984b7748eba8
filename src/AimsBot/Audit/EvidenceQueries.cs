using System.Runtime.CompilerServices;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Audit;

/// <summary>
/// An evidence query the caller may run: the scope it was asked about, the control instance that answers it
/// there (the organisation's, for a control a system inherits) and the date filter.
/// </summary>
public sealed record EvidenceTarget(ScopeView View, AnnexAControl Control, ControlScope InstanceScope, DateOnly? Since, DateOnly? Until)
{
    public EvidenceQuery Query => new(new ControlTarget(Control, View.System?.System.Name), Since, Until);

    /// <summary>The command that asks this again, for messages.</summary>
    public string Command
    {
        get
        {
            var text = "evidence " + Control.Id;
            if (View.System is { } system)
            {
                text += " system " + system.System.Name;
            }

            if (Since is { } s)
            {
                text += " since " + CardText.Date(s);
            }

            if (Until is { } u)
            {
                text += " until " + CardText.Date(u);
            }

            return text;
        }
    }
}

/// <summary>
/// The read side of <c>evidence</c> and <c>export evidence</c>: finds the instance asked about, checks that the
/// caller may read it (<see cref="DomainAction.ViewEvidence"/>), and reads its partition newest first with the date
/// filter as a row-key range. The command's pages and the export read through the same query, so they hold the same rows.
/// </summary>
public sealed class EvidenceQueries
{
    private readonly RegisterQueries _register;
    private readonly EvidenceRepository _evidence;

    public EvidenceQueries(RegisterQueries register, EvidenceRepository evidence)
    {
        _register = register;
        _evidence = evidence;
    }

    /// <summary>The query as typed: parse, find the scope, check access.</summary>
    public async Task<Result<EvidenceTarget>> ResolveAsync(Caller caller, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var parsed = EvidenceQueryArguments.Parse(arguments);
        if (!parsed.TryGetValue(out var query))
        {
            return Result.Failure<EvidenceTarget>(parsed.Errors);
        }

        // Only the one control's instances (point reads): the query and the permission check need nothing else.
        var view = await _register.LoadForControlAsync(caller.TenantId, query.Target.SystemName, query.Target.Control.ControlId, cancellationToken);
        return view.TryGetValue(out var found)
            ? Authorize(caller, found, query.Target.Control, query.Since, query.Until)
            : Result.Failure<EvidenceTarget>(view.Errors);
    }

    /// <summary>The query a continuation names (scope by key), checked again as if asked afresh.</summary>
    public async Task<Result<EvidenceTarget>> ResolveByKeyAsync(Caller caller, string? scopeKey, string? controlId, DateOnly? since, DateOnly? until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!ControlId.TryParse(controlId, out var id) || id.Value != controlId)
        {
            return Result.Failure<EvidenceTarget>(new DomainError("card.out-of-date", "This card is out of date."));
        }

        var view = await _register.LoadByKeyForControlAsync(caller.TenantId, scopeKey, id, cancellationToken);
        return view.TryGetValue(out var found)
            ? Authorize(caller, found, AnnexA.Get(id), since, until)
            : Result.Failure<EvidenceTarget>(view.Errors);
    }

    /// <summary>One page after <paramref name="afterRowKey"/> (null: the first page).</summary>
    public Task<EvidenceSlice> PageAsync(string tenantId, EvidenceTarget target, string? afterRowKey, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var query = target.Query;
        return _evidence.QueryAsync(tenantId, target.InstanceScope, target.Control.ControlId, query.SubmittedFrom, query.SubmittedBefore, afterRowKey, take, cancellationToken);
    }

    /// <summary>Every row the pages would show, in the same order, read 500 at a time (for exports).</summary>
    public async IAsyncEnumerable<StoredEvidence> AllAsync(string tenantId, EvidenceTarget target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var slice = await PageAsync(tenantId, target, after, 500, cancellationToken);
            foreach (var (rowKey, evidence) in slice.Rows)
            {
                after = rowKey;
                yield return evidence;
            }

            if (!slice.HasMore)
            {
                yield break;
            }
        }
    }

    private static Result<EvidenceTarget> Authorize(Caller caller, ScopeView view, AnnexAControl control, DateOnly? since, DateOnly? until)
    {
        var effective = view.Effective(control.ControlId);
        var resource = ResourceContext.ControlInstance(effective.Stored?.Instance.OwnerUserId, view.System?.System.OwnerUserId);
        var access = Permissions.Can(caller.Actor, DomainAction.ViewEvidence, resource);
        return access.ToError() is { } refused
            ? Result.Failure<EvidenceTarget>(refused)
            : Result.Success(new EvidenceTarget(view, control, effective.InstanceScope, since, until));
    }
}
