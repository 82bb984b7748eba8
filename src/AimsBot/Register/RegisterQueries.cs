using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Soa;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary>
/// The instances that answer the controls of one scope: the organisation's, and for an AI system its own.
/// Which one answers a control follows the SoA's rule (docs/annex-a-layers.md), so every view agrees with it.
/// </summary>
public sealed class ScopeView
{
    private readonly Dictionary<ControlId, StoredControl> _organization;
    private readonly Dictionary<ControlId, StoredControl> _own;
    private readonly Dictionary<ControlId, SoaRow> _rows;

    /// <summary>The one control a view loaded for a single control holds (<see cref="RegisterQueries.LoadForControlAsync"/>); null: all of them.</summary>
    private readonly ControlId? _only;
    private readonly StatementOfApplicability _soa;

    public ScopeView(ControlScope scope, StoredAiSystem? system, IEnumerable<StoredControl> organization, IEnumerable<StoredControl> own)
        : this(scope, system, organization, own, only: null)
    {
    }

    private ScopeView(ControlScope scope, StoredAiSystem? system, IEnumerable<StoredControl> organization, IEnumerable<StoredControl> own, ControlId? only)
    {
        Scope = scope;
        System = system;
        _only = only;
        _organization = organization.ToDictionary(c => c.Instance.ControlId);
        _own = scope.IsOrganization ? _organization : own.ToDictionary(c => c.Instance.ControlId);
        _soa = StatementOfApplicability.Generate(_organization.Values.Concat(scope.IsOrganization ? [] : _own.Values).Select(c => c.Instance), scope);
        _rows = _soa.Rows.ToDictionary(r => r.ControlId);
    }

    /// <summary>
    /// A view of one control only: its organisation instance and the scope's own. A control's SoA row depends on
    /// nothing but those two (<see cref="StatementOfApplicability"/>), so <see cref="Effective"/> answers for it
    /// exactly as a whole view would; asking it about any other control is a programming error and throws.
    /// </summary>
    public static ScopeView ForControl(ControlScope scope, StoredAiSystem? system, ControlId id, StoredControl? organization, StoredControl? own) =>
        new(scope, system, organization is null ? [] : [organization], own is null ? [] : [own], id);

    public ControlScope Scope { get; }

    /// <summary>The AI system, for a system scope.</summary>
    public StoredAiSystem? System { get; }

    public StatementOfApplicability Soa => _only is null ? _soa : throw new InvalidOperationException($"This view was loaded for {_only.Value} only; load the whole scope for its SoA.");

    public string ScopeName => System is { } s ? s.System.Name : "the organisation";

    public StoredControl? Organization(ControlId id) => _organization.GetValueOrDefault(Loaded(id));

    public StoredControl? Own(ControlId id) => _own.GetValueOrDefault(Loaded(id));

    public SoaRow Row(ControlId id) => _rows[Loaded(id)];

    private ControlId Loaded(ControlId id) =>
        _only is null || _only.Equals(id) ? id : throw new InvalidOperationException($"This view was loaded for {_only.Value} only, not {id}.");

    /// <summary>
    /// The instance that answers <paramref name="id"/> in this scope, where it lives (the scope whose
    /// instance it is, or would be once created), and the SoA row it gives.
    /// </summary>
    public EffectiveControl Effective(ControlId id)
    {
        var row = Row(id);
        return row.Source switch
        {
            SoaRowSource.Scope => new EffectiveControl(row, Own(id), Scope),
            SoaRowSource.InheritedFromOrganization => new EffectiveControl(row, Organization(id), ControlScope.Organization),
            _ => new EffectiveControl(row, null, row.Layer == ControlLayer.Organization ? ControlScope.Organization : Scope),
        };
    }

    /// <summary>The display name kept with an owner id, wherever it was stored.</summary>
    public string OwnerDisplay(string? ownerUserId)
    {
        if (ownerUserId is null)
        {
            return OwnerIds.Display(null, null);
        }

        var name = _own.Values.Concat(_organization.Values)
            .FirstOrDefault(c => string.Equals(c.Instance.OwnerUserId, ownerUserId, StringComparison.OrdinalIgnoreCase) && c.OwnerName is not null)?.OwnerName;
        return OwnerIds.Display(ownerUserId, name);
    }
}

/// <summary>A control as a scope sees it: its SoA row, the stored instance behind it (if any), and the scope that instance lives in.</summary>
/// <summary>A control named in a command, and the scope it was named in.</summary>
public sealed record ControlInScope(ControlTarget Target, ScopeView View);

public sealed record EffectiveControl(SoaRow Row, StoredControl? Stored, ControlScope InstanceScope)
{
    public bool IsInherited => Row.Source == SoaRowSource.InheritedFromOrganization;
}

/// <summary>Read side of the register: finding systems by what people type, loading a scope.</summary>
public sealed class RegisterQueries
{
    private readonly AiSystemRepository _systems;
    private readonly ControlInstanceRepository _controls;

    public RegisterQueries(AiSystemRepository systems, ControlInstanceRepository controls)
    {
        _systems = systems;
        _controls = controls;
    }

    /// <summary>
    /// The system a person named: by id or name slug (one point read), else by exact name, else a friendly
    /// "did you mean" over the register's names.
    /// </summary>
    public async Task<Result<StoredAiSystem>> FindSystemAsync(string tenantId, string? typed, CancellationToken cancellationToken)
    {
        var text = Typed(typed);
        if (text.Length == 0)
        {
            return Result.Failure<StoredAiSystem>(new DomainError("system.name.missing", "Say which AI system, e.g. **system Credit Scorer**. Say **systems** to list them.", "system"));
        }

        if (SlugOf(text) is { } slug && await _systems.GetAsync(tenantId, slug, cancellationToken) is { } direct)
        {
            return Result.Success(direct);
        }

        var all = await _systems.ListAsync(tenantId, cancellationToken);
        var match = all.FirstOrDefault(s => string.Equals(s.System.Name, text, StringComparison.OrdinalIgnoreCase) || string.Equals(s.System.Id, text, StringComparison.OrdinalIgnoreCase));
        if (match is not null)
        {
            return Result.Success(match);
        }

        var shown = text.Length > 60 ? text[..60] + "…" : text;
        var lower = text.ToLowerInvariant();
        var suggestions = lower.Length > AiSystem.NameMax ? [] : all
            .Select(s => (s.System.Name, Distance: Math.Min(EditDistance.Between(lower, s.System.Name.ToLowerInvariant()), EditDistance.Between(lower, s.System.Id))))
            .Where(s => s.Distance <= Math.Max(2, lower.Length / 3))
            .OrderBy(s => s.Distance)
            .ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Take(3)
            .Select(s => $"**{s.Name}**")
            .ToList();
        var message = suggestions.Count > 0
            ? $"I don't know an AI system called '{shown}'. Did you mean {string.Join(" or ", suggestions)}?"
            : $"I don't know an AI system called '{shown}'. Say **systems** to see the register.";
        return Result.Failure<StoredAiSystem>(new DomainError("system.unknown", message, "system"));
    }

    private static string Typed(string? typed) => (typed ?? "").Trim().Trim('"', '\'', '“', '”');

    /// <summary>The system id a typed name would have, when it can be one (what <see cref="FindSystemAsync"/> reads first).</summary>
    private static string? SlugOf(string text)
    {
        if (text.Length == 0 || text.Length > AiSystem.NameMax * 2)
        {
            return null;
        }

        var slug = AiSystem.Slugify(text);
        return AiSystem.IsValidId(slug) ? slug : null;
    }

    /// <summary>The scope a person named: the organisation when <paramref name="systemName"/> is null, else that system.</summary>
    /// <summary>
    /// Parses <c>&lt;id&gt; [system &lt;name&gt;]</c> and loads that scope: what every per-control command starts
    /// with. A bad id or an unknown system is the failure, with its friendly message.
    /// </summary>
    public async Task<Result<ControlInScope>> LoadControlAsync(string tenantId, string arguments, string usage, CancellationToken cancellationToken)
    {
        var target = RegisterArguments.Control(arguments, usage);
        if (!target.TryGetValue(out var t))
        {
            return Result.Failure<ControlInScope>(target.Errors);
        }

        var view = await LoadAsync(tenantId, t.SystemName, cancellationToken);
        return view.TryGetValue(out var found)
            ? Result.Success(new ControlInScope(t, found))
            : Result.Failure<ControlInScope>(view.Errors);
    }

    public async Task<Result<ScopeView>> LoadAsync(string tenantId, string? systemName, CancellationToken cancellationToken)
    {
        if (systemName is null)
        {
            return Result.Success(await LoadScopeAsync(tenantId, null, cancellationToken));
        }

        // The organisation's controls are needed whichever system it is: read them while the system is found.
        var organization = _controls.ListScopeAsync(tenantId, ControlScope.Organization, cancellationToken);
        var system = await FindSystemAsync(tenantId, systemName, cancellationToken);
        if (!system.TryGetValue(out var found))
        {
            await organization;
            return Result.Failure<ScopeView>(system.Errors);
        }

        var own = await _controls.ListScopeAsync(tenantId, found.System.Scope, cancellationToken);
        return Result.Success(new ScopeView(found.System.Scope, found, await organization, own));
    }

    /// <summary>
    /// What a query about one control needs, in one round of point reads: the control's organisation instance,
    /// and for a system the system and its own instance of the control, read at the same time (the system's id is
    /// the slug of the name typed, which is how most systems are named; when it is found another way, its instance
    /// is read after it). Three point reads instead of two partition reads one after the other; the view answers
    /// for <paramref name="controlId"/> only (<see cref="ScopeView.ForControl"/>).
    /// </summary>
    public async Task<Result<ScopeView>> LoadForControlAsync(string tenantId, string? systemName, ControlId controlId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        var organization = _controls.GetAsync(tenantId, ControlScope.Organization, controlId, cancellationToken);
        if (systemName is null)
        {
            return Result.Success(ScopeView.ForControl(ControlScope.Organization, null, controlId, await organization, null));
        }

        var slug = SlugOf(Typed(systemName));
        var guessed = slug is null ? null : _controls.GetAsync(tenantId, ControlScope.ForSystem(slug), controlId, cancellationToken);
        var system = await FindSystemAsync(tenantId, systemName, cancellationToken);
        var org = await organization;
        var ownGuess = guessed is null ? null : await guessed;
        if (!system.TryGetValue(out var found))
        {
            return Result.Failure<ScopeView>(system.Errors);
        }

        var own = guessed is not null && string.Equals(found.System.Id, slug, StringComparison.Ordinal)
            ? ownGuess
            : await _controls.GetAsync(tenantId, found.System.Scope, controlId, cancellationToken);
        return Result.Success(ScopeView.ForControl(found.System.Scope, found, controlId, org, own));
    }

    /// <summary>
    /// <see cref="LoadByKeyAsync"/> for one control: the system (when the key names one) and the control's two
    /// instances, three point reads at once. The system must still exist.
    /// </summary>
    public async Task<Result<ScopeView>> LoadByKeyForControlAsync(string tenantId, string? scopeKey, ControlId controlId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        if (string.Equals(scopeKey, ControlScope.OrganizationKey, StringComparison.Ordinal))
        {
            var only = await _controls.GetAsync(tenantId, ControlScope.Organization, controlId, cancellationToken);
            return Result.Success(ScopeView.ForControl(ControlScope.Organization, null, controlId, only, null));
        }

        if (!AiSystem.IsValidId(scopeKey))
        {
            return Result.Failure<ScopeView>(SystemGone);
        }

        var scope = ControlScope.ForSystem(scopeKey!);
        var organization = _controls.GetAsync(tenantId, ControlScope.Organization, controlId, cancellationToken);
        var own = _controls.GetAsync(tenantId, scope, controlId, cancellationToken);
        var system = await _systems.GetAsync(tenantId, scopeKey!, cancellationToken);
        var (org, mine) = (await organization, await own);
        return system is null
            ? Result.Failure<ScopeView>(SystemGone)
            : Result.Success(ScopeView.ForControl(scope, system, controlId, org, mine));
    }

    private static DomainError SystemGone => new("system.gone", "This card names an AI system that is not in the register (any more). Say **systems** to see the register.");

    /// <summary>The scope a card's data names by key (<c>org</c> or a system id); it must still exist.</summary>
    public async Task<Result<ScopeView>> LoadByKeyAsync(string tenantId, string? scopeKey, CancellationToken cancellationToken)
    {
        if (string.Equals(scopeKey, ControlScope.OrganizationKey, StringComparison.Ordinal))
        {
            return Result.Success(await LoadScopeAsync(tenantId, null, cancellationToken));
        }

        var system = AiSystem.IsValidId(scopeKey) ? await _systems.GetAsync(tenantId, scopeKey!, cancellationToken) : null;
        return system is null
            ? Result.Failure<ScopeView>(SystemGone)
            : Result.Success(await LoadScopeAsync(tenantId, system, cancellationToken));
    }

    /// <summary>The organisation's instances, and a system's own when the scope is a system (two partitions, read together).</summary>
    public async Task<ScopeView> LoadScopeAsync(string tenantId, StoredAiSystem? system, CancellationToken cancellationToken)
    {
        if (system is null)
        {
            var organization = await _controls.ListScopeAsync(tenantId, ControlScope.Organization, cancellationToken);
            return new ScopeView(ControlScope.Organization, null, organization, []);
        }

        var org = _controls.ListScopeAsync(tenantId, ControlScope.Organization, cancellationToken);
        var own = _controls.ListScopeAsync(tenantId, system.System.Scope, cancellationToken);
        return new ScopeView(system.System.Scope, system, await org, await own);
    }
}
