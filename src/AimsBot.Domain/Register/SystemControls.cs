using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Register;

/// <summary>
/// Which controls an AI system answers itself when it joins the register: every Annex A control at the AI-system
/// layer — the layer the organisation recorded for it, else the catalogue's default. <c>system add</c> and the
/// register import both use this, so a system added either way starts with the same controls.
/// </summary>
public static class SystemControls
{
    /// <summary>The ids of the controls a new AI system answers itself, in catalogue order.</summary>
    /// <param name="organizationLayers">The layer of each control the organisation has an instance of; controls it lacks take the catalogue's default.</param>
    public static IReadOnlyList<ControlId> OwnedByNewSystem(IReadOnlyDictionary<ControlId, ControlLayer> organizationLayers)
    {
        ArgumentNullException.ThrowIfNull(organizationLayers);
        return AnnexA.Controls
            .Where(c => organizationLayers.GetValueOrDefault(c.ControlId, c.DefaultLayer) == ControlLayer.AiSystem)
            .Select(c => c.ControlId)
            .ToList();
    }

    /// <summary>
    /// The new system's own instances of those controls: applicable, not started, without an owner, on the
    /// default cadence. Like adding the system, it is a compliance lead's change (refused otherwise, with nothing made).
    /// </summary>
    public static Result<IReadOnlyList<ControlInstance>> CreateForNewSystem(
        AiSystem system,
        IReadOnlyDictionary<ControlId, ControlLayer> organizationLayers,
        Actor actor,
        TimeProvider clock,
        TimeZoneInfo organizationZone,
        EvidenceCadence? cadence)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return Result.Failure<IReadOnlyList<ControlInstance>>(refused);
        }

        var instances = new List<ControlInstance>();
        foreach (var id in OwnedByNewSystem(organizationLayers))
        {
            var created = ControlInstance.Create(system.Scope, id, actor, clock, organizationZone, cadence);
            if (!created.TryGetValue(out var instance))
            {
                return Result.Failure<IReadOnlyList<ControlInstance>>(created.Errors);
            }

            instances.Add(instance);
        }

        return Result.Success<IReadOnlyList<ControlInstance>>(instances);
    }
}
