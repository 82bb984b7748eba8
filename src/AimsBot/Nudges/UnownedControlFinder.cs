using AimsBot.Domain;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Soa;
using AimsBot.Register;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>The unowned controls of one scope (the organisation, or one AI system), in catalogue order.</summary>
public sealed record ScopeUnowned(ControlScope Scope, StoredAiSystem? System, IReadOnlyList<UnownedControl> Controls)
{
    public string ScopeName => System is { } s ? s.System.Name : "the organisation";
}

/// <summary>
/// Finds the applicable controls no one owns (the domain's rule, <see cref="UnownedControls"/>) over what the register
/// stores: each scope's SoA from its stored instances, default rows for the rest. A scope's default rows are scheduled
/// from when it entered the register: an AI system's creation; for the organisation, the register's first record (the
/// earliest organisation instance or system). Retired systems are left out: nothing is owed for them any more.
/// </summary>
public sealed class UnownedControlFinder
{
    private readonly ControlInstanceRepository _controls;
    private readonly AiSystemRepository _systems;
    private readonly RegisterQueries _queries;
    private readonly IOptions<RegisterOptions> _register;
    private readonly TimeProvider _clock;

    public UnownedControlFinder(ControlInstanceRepository controls, AiSystemRepository systems, RegisterQueries queries, IOptions<RegisterOptions> register, TimeProvider clock)
    {
        _controls = controls;
        _systems = systems;
        _queries = queries;
        _register = register;
        _clock = clock;
    }

    /// <summary>Every scope of the tenant, from instances and systems already read (the due scan reads them anyway).</summary>
    public IReadOnlyList<ScopeUnowned> Find(IReadOnlyCollection<StoredControl> all, IReadOnlyList<StoredAiSystem> systems)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(systems);
        var organization = all.Where(c => c.Instance.Scope.IsOrganization).Select(c => c.Instance).ToList();
        var found = new List<ScopeUnowned>();
        if (RegisterStart(organization, systems) is { } start)
        {
            found.Add(Of(ControlScope.Organization, null, organization, start));
        }

        var bySystem = all.Where(c => !c.Instance.Scope.IsOrganization).ToLookup(c => c.Instance.Scope.Key, StringComparer.Ordinal);
        foreach (var system in systems.Where(s => s.System.Status != SystemStatus.Retired).OrderBy(s => s.System.Name, StringComparer.OrdinalIgnoreCase))
        {
            found.Add(Of(system.System.Scope, system, organization.Concat(bySystem[system.System.Id].Select(c => c.Instance)), system.System.CreatedAt));
        }

        return found;
    }

    /// <summary>
    /// One scope a person named: the organisation when <paramref name="systemName"/> is null, else that system (an
    /// unknown system is the failure, with the register's "did you mean").
    /// </summary>
    public async Task<Result<ScopeUnowned>> ScopeAsync(string tenantId, string? systemName, CancellationToken cancellationToken) =>
        await OfViewAsync(tenantId, await _queries.LoadAsync(tenantId, systemName, cancellationToken), cancellationToken);

    /// <summary>One scope by its key (<c>org</c> or a system id), as a "More" button carries it; the system must still exist.</summary>
    public async Task<Result<ScopeUnowned>> ScopeByKeyAsync(string tenantId, string? scopeKey, CancellationToken cancellationToken) =>
        await OfViewAsync(tenantId, await _queries.LoadByKeyAsync(tenantId, scopeKey, cancellationToken), cancellationToken);

    private async Task<Result<ScopeUnowned>> OfViewAsync(string tenantId, Result<ScopeView> loaded, CancellationToken cancellationToken)
    {
        if (!loaded.TryGetValue(out var view))
        {
            return Result.Failure<ScopeUnowned>(loaded.Errors);
        }

        var organization = view.Soa.Rows.Select(r => view.Organization(r.ControlId)?.Instance).OfType<ControlInstance>().ToList();
        if (view.System is { } system)
        {
            var own = view.Soa.Rows.Select(r => view.Own(r.ControlId)?.Instance).OfType<ControlInstance>();
            return Result.Success(Of(system.System.Scope, system, organization.Concat(own), system.System.CreatedAt));
        }

        var systems = await _systems.ListAsync(tenantId, cancellationToken);
        // An empty register has no start: its controls are listed, but none is due yet.
        return Result.Success(Of(ControlScope.Organization, null, organization, RegisterStart(organization, systems) ?? _clock.GetUtcNow()));
    }

    private ScopeUnowned Of(ControlScope scope, StoredAiSystem? system, IEnumerable<ControlInstance> instances, DateTimeOffset startedAt)
    {
        var options = _register.Value;
        var soa = StatementOfApplicability.Generate(instances, scope);
        return new ScopeUnowned(scope, system, UnownedControls.In(soa, startedAt, options.Cadence, options.OrganizationZone, _clock));
    }

    /// <summary>When the register began: its earliest organisation instance or AI system; null while it is empty.</summary>
    private static DateTimeOffset? RegisterStart(IEnumerable<ControlInstance> organization, IEnumerable<StoredAiSystem> systems) =>
        organization.Select(i => (DateTimeOffset?)i.CreatedAt).Concat(systems.Select(s => (DateTimeOffset?)s.System.CreatedAt)).Min();
}
