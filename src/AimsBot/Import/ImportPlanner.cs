using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Exports;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Import;

/// <summary>An AI system as the import leaves it: before (null when new) and after, and whether anything changed.</summary>
internal sealed class PlannedSystem(StoredAiSystem? before, AiSystem after, string? ownerName, int row)
{
    public StoredAiSystem? Before { get; } = before;
    public AiSystem After { get; set; } = after;
    public string? OwnerName { get; set; } = ownerName;
    public int Row { get; } = row;
    public bool Changed { get; set; }
}

/// <summary>A control instance as the import leaves it.</summary>
internal sealed class PlannedControl(StoredControl? before, ControlInstance after, string? ownerName)
{
    public StoredControl? Before { get; } = before;
    public ControlInstance After { get; set; } = after;
    public string? OwnerName { get; set; } = ownerName;
    public bool Changed { get; set; }

    /// <summary>True for a control the import creates only because it adds the system (the system's default instances).</summary>
    public bool DefaultOfNewSystem { get; set; }
}

/// <summary>What the file asks for, checked against the register as it is now: the problems, or the change set.</summary>
internal sealed record ImportPlan(
    int Rows,
    IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<PlannedSystem> Systems,
    IReadOnlyList<PlannedControl> Controls);

/// <summary>
/// Validates a register file row by row and computes, against the current register, the full set of changes it
/// makes — through the same domain methods the chat commands use (<see cref="AiSystem.Create"/>,
/// <see cref="ControlInstance.Exclude"/>, <see cref="ControlInstance.AssignOwner"/> …) with the importer as the
/// actor, so the same rules hold. Writes nothing.
/// </summary>
internal sealed class ImportPlanner
{
    private readonly string _tenant;
    private readonly Actor _actor;
    private readonly TimeProvider _clock;
    private readonly RegisterOptions _options;
    private readonly OwnerResolver _owners;
    private readonly List<ImportProblem> _problems = [];
    private readonly Dictionary<string, StoredAiSystem> _storedSystems;
    private readonly Dictionary<(string Scope, string Control), StoredControl> _storedControls;
    private readonly Dictionary<string, PlannedSystem> _systems = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Scope, string Control), PlannedControl> _controls = [];
    private readonly Dictionary<string, Result<OwnerCandidate>> _ownerCache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every system row's id and name (valid or not), so duplicates and control rows find them even when the row has problems.</summary>
    private readonly Dictionary<string, (int Row, string Name)> _fileSystems = new(StringComparer.Ordinal);

    public ImportPlanner(
        string tenant,
        Actor actor,
        TimeProvider clock,
        RegisterOptions options,
        OwnerResolver owners,
        IReadOnlyList<StoredAiSystem> systems,
        IReadOnlyList<StoredControl> controls)
    {
        _tenant = tenant;
        _actor = actor;
        _clock = clock;
        _options = options;
        _owners = owners;
        _storedSystems = systems.ToDictionary(s => s.System.Id, StringComparer.Ordinal);
        _storedControls = controls.ToDictionary(c => (c.Instance.Scope.Key, c.Instance.ControlId.Value));
    }

    public async Task<ImportPlan> PlanAsync(CsvDocument document, CancellationToken cancellationToken)
    {
        CheckHeaders(document);
        var systemRows = new List<CsvRow>();
        var controlRows = new List<CsvRow>();
        foreach (var row in document.Rows)
        {
            var record = Value(row, RegisterFile.Record)?.ToLowerInvariant();
            switch (record)
            {
                case null when row.Values.All(string.IsNullOrWhiteSpace):
                    continue; // a blank line
                case RegisterFile.SystemRecord or "ai system" or "ai-system":
                    systemRows.Add(row);
                    CheckStrayValues(row, RegisterFile.SystemColumns, "system");
                    break;
                case RegisterFile.ControlRecord:
                    controlRows.Add(row);
                    CheckStrayValues(row, RegisterFile.ControlColumns, "control");
                    break;
                case null:
                    Problem(row, RegisterFile.Record, "say what the row describes: system or control.");
                    break;
                default:
                    Problem(row, RegisterFile.Record, $"'{Shorten(record)}' is not a kind of row; use system or control.");
                    break;
            }
        }

        foreach (var row in systemRows)
        {
            await PlanSystemAsync(row, cancellationToken);
        }

        var controls = new List<(CsvRow Row, ControlScope Scope, ControlId Id)>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in controlRows)
        {
            if (ParseControlTarget(row) is not { } target)
            {
                continue;
            }

            if (!seen.TryAdd((target.Scope.Key, target.Id.Value), row.RowNumber))
            {
                Problem(row, RegisterFile.Control, $"{target.Id} for {ScopeName(target.Scope)} is already in row {seen[(target.Scope.Key, target.Id.Value)]}; give each control once per scope.");
                continue;
            }

            controls.Add((row, target.Scope, target.Id));
        }

        // The organisation's rows first: their layers decide which controls a new system answers itself.
        foreach (var (row, scope, id) in controls.Where(c => c.Scope.IsOrganization))
        {
            await PlanControlAsync(row, scope, id, cancellationToken);
        }

        // A new system gets the AI-system-layer controls as "system add" gives them — unless the file lists
        // controls for it: then exactly those are its own (so an exported register is re-created as it was).
        var listed = controls.Select(c => c.Scope.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var system in _systems.Values.Where(s => s.Before is null && !listed.Contains(s.After.Id)))
        {
            AddDefaultControls(system);
        }

        foreach (var (row, scope, id) in controls.Where(c => !c.Scope.IsOrganization))
        {
            await PlanControlAsync(row, scope, id, cancellationToken);
        }

        var problems = _problems.OrderBy(p => p.Row ?? 0).ToList();
        return new ImportPlan(
            systemRows.Count + controlRows.Count,
            problems,
            _systems.Values.Where(s => s.Changed).ToList(),
            _controls.Values.Where(c => c.Changed).ToList());
    }

    private void CheckHeaders(CsvDocument document)
    {
        var known = new HashSet<string>(RegisterFile.Columns, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < document.Headers.Count; i++)
        {
            if (!known.Contains(document.Headers[i]))
            {
                _problems.Add(new ImportProblem(1, $"column {CsvDocument.ColumnLetter(i + 1)}", $"'{Shorten(document.Headers[i])}' is not a column of the register file. The columns are: {string.Join(", ", RegisterFile.Columns)}."));
            }
        }

        if (document.ColumnIndex(RegisterFile.Record) < 0)
        {
            _problems.Add(new ImportProblem(1, null, $"the file needs a '{RegisterFile.Record}' column saying, for each row, whether it is a system or a control."));
        }
    }

    private void CheckStrayValues(CsvRow row, IReadOnlySet<string> allowed, string kind)
    {
        foreach (var column in RegisterFile.Columns)
        {
            if (column != RegisterFile.Record && !allowed.Contains(column) && Value(row, column) is not null)
            {
                Problem(row, column, $"this column is not used on a {kind} row; leave it empty.");
            }
        }
    }

    private async Task PlanSystemAsync(CsvRow row, CancellationToken cancellationToken)
    {
        var name = Value(row, RegisterFile.Name);
        if (name is null)
        {
            Problem(row, RegisterFile.Name, "required: the AI system's name.");
            return;
        }

        var id = AiSystem.Slugify(name);
        if (_fileSystems.TryGetValue(id, out var earlier))
        {
            Problem(row, RegisterFile.Name, $"the AI system '{Shorten(name)}' is already in row {earlier.Row} (names that differ only in case or punctuation are the same system).");
            return;
        }

        if (AiSystem.IsValidId(id))
        {
            _fileSystems[id] = (row.RowNumber, name);
        }

        var existing = AiSystem.IsValidId(id) ? _storedSystems.GetValueOrDefault(id) : null;
        var current = existing?.System;
        var errors = _problems.Count;

        List<OrganizationRole>? roles = null;
        if (Value(row, RegisterFile.Roles) is { } rolesText)
        {
            roles = [];
            foreach (var part in rolesText.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (RegisterFile.Parse<OrganizationRole>(part) is { } role)
                {
                    roles.Add(role);
                }
                else
                {
                    Problem(row, RegisterFile.Roles, $"'{Shorten(part)}' is not a role; use {RegisterFile.Allowed<OrganizationRole>()} (several separated by ';').");
                }
            }
        }

        var stage = Enum<LifecycleStage>(row, RegisterFile.Stage);
        var tier = Enum<RiskTier>(row, RegisterFile.RiskTier);
        var status = Enum<SystemStatus>(row, RegisterFile.Status);
        var owner = await OwnerAsync(row, cancellationToken);
        if (current is null)
        {
            RequireForNew(row, roles is null, RegisterFile.Roles);
            RequireForNew(row, Value(row, RegisterFile.Stage) is null, RegisterFile.Stage);
            RequireForNew(row, Value(row, RegisterFile.RiskTier) is null, RegisterFile.RiskTier);
            RequireForNew(row, Value(row, RegisterFile.Owner) is null, RegisterFile.Owner);
        }

        if (_problems.Count > errors)
        {
            return;
        }

        var targetStatus = status ?? (stage == LifecycleStage.Retired ? SystemStatus.Retired : current?.Status ?? SystemStatus.Active);
        var targetStage = stage ?? current?.Stage ?? LifecycleStage.Idea;
        var details = new AiSystemDetails(
            name,
            Value(row, RegisterFile.Description) ?? current?.Description ?? "",
            Value(row, RegisterFile.IntendedUse) ?? current?.IntendedUse ?? "",
            roles ?? current?.Roles.ToList(),
            // Retiring goes through ChangeStatus (below), as in the domain; details never retire a system.
            targetStage == LifecycleStage.Retired ? current?.Stage is { } kept and not LifecycleStage.Retired ? kept : LifecycleStage.Operation : targetStage,
            owner?.UserId ?? current?.OwnerUserId,
            tier ?? current?.RiskTier ?? RiskTier.Minimal,
            id);

        if (current is null)
        {
            var created = AiSystem.Create(details, _actor, _clock)
                .Bind(s => targetStatus == SystemStatus.Active ? Result.Success(s) : s.ChangeStatus(targetStatus, _actor));
            if (Report(row, created) is { } system)
            {
                _systems[id] = new PlannedSystem(null, system, owner?.Name, row.RowNumber) { Changed = true };
            }

            return;
        }

        var after = Result.Success(current);
        if (DetailsDiffer(current, details))
        {
            after = after.Bind(s => s.Update(details, _actor));
        }

        if (targetStatus != current.Status)
        {
            after = after.Bind(s => s.ChangeStatus(targetStatus, _actor));
        }

        if (Report(row, after) is { } updated)
        {
            var ownerChanged = !SameUser(updated.OwnerUserId, current.OwnerUserId);
            _systems[id] = new PlannedSystem(existing, updated, ownerChanged ? owner?.Name : existing!.OwnerName, row.RowNumber)
            {
                Changed = !ReferenceEquals(updated, current),
            };
        }
    }

    private static bool DetailsDiffer(AiSystem current, AiSystemDetails details) =>
        !string.Equals(current.Name, details.Name?.Trim(), StringComparison.Ordinal)
        || !string.Equals(current.Description, details.Description?.Trim(), StringComparison.Ordinal)
        || !string.Equals(current.IntendedUse, details.IntendedUse?.Trim(), StringComparison.Ordinal)
        || !current.Roles.SequenceEqual(details.Roles?.Distinct() ?? [])
        || (current.Status != SystemStatus.Retired && current.Stage != details.Stage)
        || current.RiskTier != details.RiskTier
        || !SameUser(current.OwnerUserId, details.OwnerUserId);

    private static bool SameUser(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private (ControlScope Scope, ControlId Id)? ParseControlTarget(CsvRow row)
    {
        ControlScope? scope = null;
        var scopeText = Value(row, RegisterFile.Scope);
        if (scopeText is null || scopeText.ToLowerInvariant() is RegisterFile.OrganizationScope or "organisation" or "organization")
        {
            scope = ControlScope.Organization;
        }
        else if (FindSystem(scopeText) is { } systemId)
        {
            scope = ControlScope.ForSystem(systemId);
        }
        else
        {
            Problem(row, RegisterFile.Scope, UnknownSystem(scopeText));
        }

        ControlId? id = null;
        var controlText = Value(row, RegisterFile.Control);
        if (controlText is null)
        {
            Problem(row, RegisterFile.Control, "required: the Annex A control id, such as A.6.2.6.");
        }
        else if (!ControlId.TryParse(controlText, out id))
        {
            Problem(row, RegisterFile.Control, AnnexA.Find(controlText).ErrorMessage);
        }

        return scope is not null && id is not null ? (scope, id) : null;
    }

    /// <summary>The id of the AI system a control row names: in the file or in the register, by name or id, in any case.</summary>
    private string? FindSystem(string text)
    {
        var slug = AiSystem.Slugify(text);
        if (_fileSystems.ContainsKey(slug) || _storedSystems.ContainsKey(slug))
        {
            return slug;
        }

        return KnownSystems()
            .FirstOrDefault(s => string.Equals(s.Name, text, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Id, text, StringComparison.OrdinalIgnoreCase))
            .Id;
    }

    /// <summary>The systems of the file and of the register, by id and name.</summary>
    private IEnumerable<(string Id, string Name)> KnownSystems() =>
        _fileSystems.Select(f => (f.Key, f.Value.Name)).Concat(_storedSystems.Values.Select(s => (s.System.Id, s.System.Name)));

    private string UnknownSystem(string text)
    {
        var lower = text.ToLowerInvariant();
        var names = KnownSystems()
            .Select(s => (s.Name, Distance: Math.Min(EditDistance.Between(lower, s.Name.ToLowerInvariant()), EditDistance.Between(lower, s.Id))))
            .Where(s => s.Distance <= Math.Max(2, lower.Length / 3))
            .OrderBy(s => s.Distance)
            .Select(s => $"'{s.Name}'")
            .Distinct()
            .Take(3)
            .ToList();
        var hint = names.Count > 0 ? $" Did you mean {string.Join(" or ", names)}?" : " Add a system row for it, or use org for the organisation.";
        return $"there is no AI system '{Shorten(text)}' in this file or in the register.{hint}";
    }

    /// <summary>A new system's own controls, as <c>system add</c> gives them (<see cref="SystemControls"/>), by the organisation's layers as the file leaves them.</summary>
    private void AddDefaultControls(PlannedSystem system)
    {
        var organizationLayers = new Dictionary<ControlId, ControlLayer>();
        foreach (var control in AnnexA.Controls)
        {
            var key = (ControlScope.OrganizationKey, control.Id);
            if (_controls.TryGetValue(key, out var planned))
            {
                organizationLayers[control.ControlId] = planned.After.Layer;
            }
            else if (_storedControls.TryGetValue(key, out var stored))
            {
                organizationLayers[control.ControlId] = stored.Instance.Layer;
            }
        }

        var created = SystemControls.CreateForNewSystem(system.After, organizationLayers, _actor, _clock, _options.OrganizationZone, _options.Cadence);
        if (!created.TryGetValue(out var instances))
        {
            _problems.Add(new ImportProblem(system.Row, RegisterFile.Name, $"the new system's controls can't be set up: {created.ErrorMessage}"));
            return;
        }

        var scope = system.After.Scope;
        foreach (var instance in instances.Where(i => !_storedControls.ContainsKey((scope.Key, i.ControlId.Value))))
        {
            _controls[(scope.Key, instance.ControlId.Value)] = new PlannedControl(null, instance, null) { Changed = true, DefaultOfNewSystem = true };
        }
    }

    private async Task PlanControlAsync(CsvRow row, ControlScope scope, ControlId id, CancellationToken cancellationToken)
    {
        var errors = _problems.Count;
        var layer = Enum<ControlLayer>(row, RegisterFile.Layer);
        var applicabilityText = Value(row, RegisterFile.Applicability);
        ApplicabilityStatus? applicability = applicabilityText?.ToLowerInvariant() switch
        {
            null => null,
            "applicable" or "included" or "include" or "yes" => ApplicabilityStatus.Applicable,
            "excluded" or "exclude" or "not applicable" or "no" => ApplicabilityStatus.Excluded,
            _ => Invalid(row, RegisterFile.Applicability, $"'{Shorten(applicabilityText!)}' is not an applicability; use applicable or excluded."),
        };
        var implementation = Enum<ImplementationStatus>(row, RegisterFile.Implementation);
        var justification = Value(row, RegisterFile.Justification);
        EvidenceCadence? cadence = null;
        var cadenceText = Value(row, RegisterFile.Cadence);
        var clearCadence = cadenceText is not null && string.Equals(cadenceText, "none", StringComparison.OrdinalIgnoreCase);
        if (cadenceText is not null && !clearCadence)
        {
            var parsed = EvidenceCadence.Parse(cadenceText);
            if (parsed.TryGetValue(out var value))
            {
                cadence = value;
            }
            else
            {
                Problem(row, RegisterFile.Cadence, parsed.ErrorMessage + " Or none for no schedule.");
            }
        }

        var owner = await OwnerAsync(row, cancellationToken);
        if (_problems.Count > errors)
        {
            return;
        }

        var key = (scope.Key, id.Value);
        if (!_controls.TryGetValue(key, out var planned))
        {
            var stored = _storedControls.GetValueOrDefault(key);
            if (stored is not null)
            {
                planned = new PlannedControl(stored, stored.Instance, stored.OwnerName);
            }
            else
            {
                var created = NewInstance(scope, id, layer);
                if (Report(row, created) is not { } instance)
                {
                    return;
                }

                planned = new PlannedControl(null, instance, null) { Changed = true };
            }
        }

        var start = planned.After;
        var result = Result.Success(start);
        if (layer is { } l && l != start.Layer)
        {
            result = result.Bind(i => i.ChangeLayer(l, _actor));
        }

        var target = applicability ?? start.Applicability.Status;
        if (target == ApplicabilityStatus.Excluded)
        {
            // Progress is recorded while a control is still applicable; an excluded control takes none.
            if (implementation is { } progress && progress != start.Implementation)
            {
                result = result.Bind(i => i.SetImplementationStatus(progress, _actor));
            }

            if (!start.Applicability.IsExcluded || (justification is not null && justification != start.Applicability.Justification))
            {
                result = result.Bind(i => i.Exclude(_actor, justification, _clock));
            }
        }
        else
        {
            if (start.Applicability.IsExcluded || (justification is not null && justification != start.Applicability.Justification))
            {
                result = result.Bind(i => i.Include(_actor, _clock, justification));
            }

            if (implementation is { } progress && progress != start.Implementation)
            {
                result = result.Bind(i => i.SetImplementationStatus(progress, _actor));
            }
        }

        var ownerName = planned.OwnerName;
        if (owner is not null && !SameUser(owner.UserId, start.OwnerUserId))
        {
            var zone = TimeZones.TryFind(owner.TimeZoneId, out var ownerZone) ? ownerZone : _options.OrganizationZone;
            result = result.Bind(i => i.AssignOwner(owner.UserId, zone, _actor));
            ownerName = owner.Name;
        }

        if ((cadence is not null || clearCadence) && !Equals(cadence, start.Cadence))
        {
            result = result.Bind(i => i.SetCadence(cadence, _actor, _clock));
        }

        if (Report(row, result) is { } after && !ReferenceEquals(after, start))
        {
            planned.After = after;
            planned.OwnerName = ownerName;
            planned.Changed = true;
            planned.DefaultOfNewSystem = false;
        }

        _controls[key] = planned;
    }

    private Result<ControlInstance> NewInstance(ControlScope scope, ControlId id, ControlLayer? layer = null) =>
        ControlInstance.Create(scope, id, _actor, _clock, _options.OrganizationZone, _options.Cadence, scope.IsOrganization ? layer : null);

    private async Task<OwnerCandidate?> OwnerAsync(CsvRow row, CancellationToken cancellationToken)
    {
        if (Value(row, RegisterFile.Owner) is not { } text)
        {
            return null;
        }

        if (!_ownerCache.TryGetValue(text, out var resolved))
        {
            resolved = await _owners.ResolveTypedAsync(_tenant, text, cancellationToken);
            _ownerCache[text] = resolved;
        }

        if (resolved.TryGetValue(out var owner))
        {
            return owner;
        }

        Problem(row, RegisterFile.Owner, $"I can't tell who '{Shorten(text)}' is: give their sign-in name (UPN) such as dana@contoso.com, or their Entra object id.");
        return null;
    }

    private T? Enum<T>(CsvRow row, string column) where T : struct, Enum
    {
        if (Value(row, column) is not { } text)
        {
            return null;
        }

        if (RegisterFile.Parse<T>(text) is { } value)
        {
            return value;
        }

        Problem(row, column, $"'{Shorten(text)}' is not allowed here; use {RegisterFile.Allowed<T>()}.");
        return null;
    }

    private ApplicabilityStatus? Invalid(CsvRow row, string column, string message)
    {
        Problem(row, column, message);
        return null;
    }

    private void RequireForNew(CsvRow row, bool missing, string column)
    {
        if (missing)
        {
            Problem(row, column, "required for a new AI system.");
        }
    }

    /// <summary>The value, or the domain's refusal reported at the row and the column of the field it names.</summary>
    private T? Report<T>(CsvRow row, Result<T> result) where T : class
    {
        if (result.TryGetValue(out var value))
        {
            return value;
        }

        foreach (var error in result.Errors)
        {
            Problem(row, ColumnOf(error.Field), error.Message);
        }

        return null;
    }

    private static string? ColumnOf(string? field) => field switch
    {
        "name" or "id" => RegisterFile.Name,
        "description" => RegisterFile.Description,
        "intendedUse" => RegisterFile.IntendedUse,
        "roles" => RegisterFile.Roles,
        "stage" => RegisterFile.Stage,
        "riskTier" => RegisterFile.RiskTier,
        "status" => RegisterFile.Status,
        "owner" => RegisterFile.Owner,
        "justification" => RegisterFile.Justification,
        "layer" => RegisterFile.Layer,
        "implementation" => RegisterFile.Implementation,
        "cadence" => RegisterFile.Cadence,
        "controlId" => RegisterFile.Control,
        _ => null,
    };

    private void Problem(CsvRow row, string? column, string message) => _problems.Add(new ImportProblem(row.RowNumber, column, message));

    private static string? Value(CsvRow row, string column) =>
        row.Get(column) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string ScopeName(ControlScope scope) => scope.IsOrganization ? "the organisation" : $"'{scope.Key}'";

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
