using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Audit;

/// <summary>An evidence query the caller may run: a control, the dates, and where to read (<see cref="EvidenceTarget"/>, <see cref="AllScopesTarget"/>).</summary>
public abstract record EvidenceAsk(AnnexAControl Control, EvidenceDates Dates)
{
    /// <summary>The command that asks this again, for messages.</summary>
    public abstract string Command { get; }
}

/// <summary>
/// One control instance's evidence: the scope it was asked about, the control instance that answers it there (the
/// organisation's, for a control a system inherits) and the dates.
/// </summary>
public sealed record EvidenceTarget(ScopeView View, AnnexAControl Control, ControlScope InstanceScope, EvidenceDates Dates) : EvidenceAsk(Control, Dates)
{
    public override string Command =>
        "evidence " + Control.Id + (View.System is { } system ? " system " + system.System.Name : "") + Dates.Words;
}

/// <summary>One control's evidence across the organisation and every AI system (the evidence index).</summary>
public sealed record AllScopesTarget(AnnexAControl Control, EvidenceDates Dates) : EvidenceAsk(Control, Dates)
{
    public override string Command => "evidence " + Control.Id + " all systems" + Dates.Words;
}

/// <summary>A page of <see cref="AllScopesTarget"/>, with the names of the AI systems its rows belong to (by scope key).</summary>
public sealed record AllScopesPage(EvidenceSlice Slice, IReadOnlyDictionary<string, string> SystemNames)
{
    /// <summary>"Organisation", the system's name, or its id when the system is no longer in the register.</summary>
    public string ScopeName(ControlScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsOrganization ? "Organisation" : SystemNames.GetValueOrDefault(scope.Key) ?? scope.Key;
    }
}

/// <summary>
/// The read side of <c>evidence</c> and <c>export evidence</c>: finds the instance asked about, checks that the
/// caller may read it (<see cref="DomainAction.ViewEvidence"/>), and reads its partition newest first with the date
/// filters in the query (submission dates as a row-key range, the period covered as a filter). For <c>all systems</c>
/// it reads the evidence index (one partition per control), which only those who may read every instance may ask.
/// The command's pages and the export read through the same query, so they hold the same rows.
/// </summary>
public sealed class EvidenceQueries
{
    /// <summary>How long the AI systems' names read for a list across scopes are used again (a rename shows after this).</summary>
    public static readonly TimeSpan SystemNamesLifetime = TimeSpan.FromSeconds(30);

    private readonly RegisterQueries _register;
    private readonly EvidenceRepository _evidence;
    private readonly AiSystemRepository _systems;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlyDictionary<string, string> Names)> _names = new(StringComparer.Ordinal);

    public EvidenceQueries(RegisterQueries register, EvidenceRepository evidence, AiSystemRepository systems, TimeProvider clock)
    {
        _register = register;
        _evidence = evidence;
        _systems = systems;
        _clock = clock;
    }

    /// <summary>The query as typed: parse, find the scope, check access.</summary>
    public async Task<Result<EvidenceAsk>> ResolveAsync(Caller caller, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var parsed = EvidenceQueryArguments.Parse(arguments);
        if (!parsed.TryGetValue(out var query))
        {
            return Result.Failure<EvidenceAsk>(parsed.Errors);
        }

        if (query.AllSystems)
        {
            return AuthorizeAll(caller, AnnexA.Get(query.Target.Control.ControlId), query.Dates);
        }

        // Only the one control's instances (point reads): the query and the permission check need nothing else.
        var view = await _register.LoadForControlAsync(caller.TenantId, query.Target.SystemName, query.Target.Control.ControlId, cancellationToken);
        return view.TryGetValue(out var found)
            ? Authorize(caller, found, query.Target.Control, query.Dates)
            : Result.Failure<EvidenceAsk>(view.Errors);
    }

    /// <summary>The query a continuation names (scope by key, or every scope), checked again as if asked afresh.</summary>
    public async Task<Result<EvidenceAsk>> ResolveByKeyAsync(Caller caller, string? scopeKey, string? controlId, EvidenceDates dates, bool allScopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!ControlId.TryParse(controlId, out var id) || id.Value != controlId)
        {
            return Result.Failure<EvidenceAsk>(new DomainError("card.out-of-date", "This card is out of date."));
        }

        if (allScopes)
        {
            return AuthorizeAll(caller, AnnexA.Get(id), dates);
        }

        var view = await _register.LoadByKeyForControlAsync(caller.TenantId, scopeKey, id, cancellationToken);
        return view.TryGetValue(out var found)
            ? Authorize(caller, found, AnnexA.Get(id), dates)
            : Result.Failure<EvidenceAsk>(view.Errors);
    }

    /// <summary>One page of one instance after <paramref name="afterRowKey"/> (null: the first page).</summary>
    public Task<EvidenceSlice> PageAsync(string tenantId, EvidenceTarget target, string? afterRowKey, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _evidence.QueryAsync(tenantId, target.InstanceScope, target.Control.ControlId, target.Dates.Filter, afterRowKey, take, cancellationToken);
    }

    /// <summary>
    /// One page of a control across every scope, from the index, after <paramref name="afterRowKey"/>; the AI systems'
    /// names are read at the same time (one projected partition read), so naming each row's scope costs no extra wait.
    /// </summary>
    public async Task<AllScopesPage> PageAsync(string tenantId, AllScopesTarget target, string? afterRowKey, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = _clock.GetUtcNow();
        var known = _names.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < SystemNamesLifetime ? cached.Names : null;
        var names = known is null ? SystemNamesAsync(tenantId, now, cancellationToken) : null;
        var slice = await _evidence.QueryIndexAsync(tenantId, target.Control.ControlId, target.Dates.Filter, afterRowKey, take, cancellationToken);
        if (known is not null && slice.Rows.Any(r => !r.Evidence.Scope.IsOrganization && !known.ContainsKey(r.Evidence.Scope.Key)))
        {
            // A system added since the names were read: read them again rather than show its id.
            names = SystemNamesAsync(tenantId, now, cancellationToken);
        }

        return new AllScopesPage(slice, names is null ? known! : await names);
    }

    /// <summary>
    /// The AI systems' names, read again at most every <see cref="SystemNamesLifetime"/>: a page across scopes then
    /// costs the index query alone. Names are only shown, never decide anything, so a rename may show a little late.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> SystemNamesAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = await _systems.NamesAsync(tenantId, cancellationToken);
        _names[tenantId] = (now, names);
        return names;
    }

    /// <summary>Every row the pages would show, in the same order, read 500 at a time (for exports).</summary>
    public async IAsyncEnumerable<StoredEvidence> AllAsync(string tenantId, EvidenceAsk target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        string? after = null;
        while (true)
        {
            var slice = target switch
            {
                EvidenceTarget one => await PageAsync(tenantId, one, after, 500, cancellationToken),
                AllScopesTarget all => await _evidence.QueryIndexAsync(tenantId, all.Control.ControlId, all.Dates.Filter, after, 500, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(target)),
            };
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

    /// <summary>
    /// Whether the caller may read every control instance's evidence: the domain's rule for a resource nobody in
    /// particular owns. A control's or a system's owner may read their own instances, which the index does not
    /// tell apart cheaply (ownership lives with each of the tenant's instances), so they are refused with the
    /// query that shows theirs, rather than shown a filtered list that looks complete.
    /// </summary>
    public static Result<EvidenceAsk> AuthorizeAll(Caller caller, AnnexAControl control, EvidenceDates dates)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(control);
        var access = Permissions.Can(caller.Actor, DomainAction.ViewEvidence, ResourceContext.None);
        return access.ToError() is { } refused
            ? Result.Failure<EvidenceAsk>(refused with
            {
                Message = $"Evidence across every AI system is for compliance leads, auditors and admins. For a control you own, ask **evidence {control.Id} system <name>** (or **evidence {control.Id}** for the organisation's).",
            })
            : Result.Success<EvidenceAsk>(new AllScopesTarget(control, dates));
    }

    private static Result<EvidenceAsk> Authorize(Caller caller, ScopeView view, AnnexAControl control, EvidenceDates dates)
    {
        var effective = view.Effective(control.ControlId);
        var resource = ResourceContext.ControlInstance(effective.Stored?.Instance.OwnerUserId, view.System?.System.OwnerUserId);
        var access = Permissions.Can(caller.Actor, DomainAction.ViewEvidence, resource);
        return access.ToError() is { } refused
            ? Result.Failure<EvidenceAsk>(refused)
            : Result.Success<EvidenceAsk>(new EvidenceTarget(view, control, effective.InstanceScope, dates));
    }
}
