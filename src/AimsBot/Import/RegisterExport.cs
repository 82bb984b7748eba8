using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Exports;
using AimsBot.Files;
using AimsBot.Storage.Register;

namespace AimsBot.Import;

/// <summary>
/// <c>export register [as csv|xlsx]</c>: the whole register — every AI system and every stored control
/// instance — in exactly the format <c>import</c> reads (<see cref="RegisterFile"/>), so an exported file
/// imported again changes nothing, and imported into an empty tenant gives the same register.
/// </summary>
public sealed class RegisterExport : IExportSource
{
    private readonly AiSystemRepository _systems;
    private readonly ControlInstanceRepository _controls;
    private readonly UserLookup _users;

    public RegisterExport(AiSystemRepository systems, ControlInstanceRepository controls, UserLookup users)
    {
        _systems = systems;
        _controls = controls;
        _users = users;
    }

    public string Kind => "register";

    public DomainAction Action => DomainAction.ExportRecords;

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        if (!string.IsNullOrWhiteSpace(request.Arguments))
        {
            throw new ExportRefusedException("The register export is always the whole register: say **export register** (or **export register as xlsx**).");
        }

        var table = await BuildTableAsync(caller.TenantId, cancellationToken);
        var xlsx = string.Equals(request.Format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var content = xlsx ? await TabularExport.ToXlsxAsync(table.Table, cancellationToken) : TabularExport.ToCsv(table.Table);
        return new ExportFile(
            $"register.{(xlsx ? "xlsx" : "csv")}",
            content,
            $"The AIMS register: {table.Systems} AI systems and {table.Controls} control instances, in the import format");
    }

    /// <summary>The register as rows of the register file: systems by name, then the organisation's controls, then each system's, in catalogue order.</summary>
    public async Task<(ExportTable Table, int Systems, int Controls)> BuildTableAsync(string tenantId, CancellationToken cancellationToken)
    {
        var systems = (await _systems.ListAsync(tenantId, cancellationToken)).OrderBy(s => s.System.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var controls = new List<StoredControl>();
        await foreach (var control in _controls.ListTenantAsync(tenantId, cancellationToken))
        {
            controls.Add(control);
        }

        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in systems.Select(s => s.System.OwnerUserId).Concat(controls.Select(c => c.Instance.OwnerUserId)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // A UPN is what a person writes into the file; the id stands when the bot knows no UPN for it.
            owners[id] = OwnerIds.IsPending(id) ? id : (await _users.GetAsync(tenantId, id, cancellationToken))?.UserPrincipalName is { Length: > 0 } upn ? upn : id;
        }

        var names = systems.ToDictionary(s => s.System.Id, s => s.System.Name, StringComparer.Ordinal);
        var order = systems.Select((s, i) => (s.System.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<object?>>(systems.Count + controls.Count);
        rows.AddRange(systems.Select(s => SystemRow(s.System, owners)));
        rows.AddRange(controls
            .OrderBy(c => c.Instance.Scope.IsOrganization ? -1 : order.GetValueOrDefault(c.Instance.Scope.Key, int.MaxValue))
            .ThenBy(c => c.Instance.Scope.Key, StringComparer.Ordinal)
            .ThenBy(c => c.Instance.ControlId)
            .Select(c => ControlRow(c.Instance, names, owners)));
        return (new ExportTable("Register", RegisterFile.Columns, rows), systems.Count, controls.Count);
    }

    private static object?[] SystemRow(AiSystem system, Dictionary<string, string> owners) =>
    [
        RegisterFile.SystemRecord,
        system.Name,
        system.Description,
        system.IntendedUse,
        string.Join("; ", system.Roles.Select(r => RegisterFile.Format(r))),
        RegisterFile.Format(system.Stage),
        RegisterFile.Format(system.RiskTier),
        RegisterFile.Format(system.Status),
        owners.GetValueOrDefault(system.OwnerUserId, system.OwnerUserId),
        null, null, null, null, null, null, null,
    ];

    private static object?[] ControlRow(ControlInstance instance, Dictionary<string, string> names, Dictionary<string, string> owners) =>
    [
        RegisterFile.ControlRecord,
        null, null, null, null, null, null, null,
        instance.OwnerUserId is { } owner ? owners.GetValueOrDefault(owner, owner) : null,
        instance.Scope.IsOrganization ? RegisterFile.OrganizationScope : names.GetValueOrDefault(instance.Scope.Key, instance.Scope.Key),
        instance.ControlId.Value,
        RegisterFile.Format(instance.Applicability.Status),
        instance.Applicability.Justification,
        RegisterFile.Format(instance.Implementation),
        instance.Cadence?.ToString() ?? "none",
        RegisterFile.Format(instance.Layer),
    ];
}
