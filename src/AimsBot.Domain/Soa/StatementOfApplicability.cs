using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;

namespace AimsBot.Domain.Soa;

/// <summary>Where a row's answer comes from.</summary>
public enum SoaRowSource
{
    /// <summary>The scope's own control instance.</summary>
    Scope,

    /// <summary>The organisation's instance, reused by an AI system (organisation layer, or an organisation-wide exclusion).</summary>
    InheritedFromOrganization,

    /// <summary>No instance registered yet: applicable, not started, no owner.</summary>
    Default,
}

/// <summary>One control's line in the Statement of Applicability.</summary>
public sealed record SoaRow(
    ControlId ControlId,
    string Title,
    string ObjectiveId,
    ControlLayer Layer,
    bool Included,
    string? Justification,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    ImplementationStatus Implementation,
    string? OwnerUserId,
    DateTimeOffset? LastEvidenceAt,
    DateOnly? NextDue,
    SoaRowSource Source);

/// <summary>The rows of one objective, in catalogue order.</summary>
public sealed record SoaSection(AnnexAObjective Objective, IReadOnlyList<SoaRow> Rows);

/// <summary>
/// The Statement of Applicability for one scope: all 38 Annex A controls exactly once, grouped by objective
/// in catalogue order, each included or excluded (with justification), with implementation status, owner,
/// last evidence and next due date.
/// </summary>
/// <remarks>
/// Which instance answers a control (see docs/annex-a-layers.md):
/// <list type="bullet">
/// <item>Organisation scope: the organisation's instance, or the default row.</item>
/// <item>AI-system scope, in order: (1) an organisation-wide exclusion covers every system; (2) the system's
/// own instance, when registered; (3) the organisation's instance when the control sits at the organisation
/// layer (its recorded layer, else the catalogue default); (4) the default row.</item>
/// </list>
/// A missing instance means "applicable, not started, no owner".
/// </remarks>
public sealed class StatementOfApplicability
{
    private StatementOfApplicability(ControlScope scope, IReadOnlyList<SoaSection> sections)
    {
        Scope = scope;
        Sections = sections;
        Rows = sections.SelectMany(s => s.Rows).ToList();
    }

    public ControlScope Scope { get; }

    public IReadOnlyList<SoaSection> Sections { get; }

    /// <summary>All rows in catalogue order.</summary>
    public IReadOnlyList<SoaRow> Rows { get; }

    public int IncludedCount => Rows.Count(r => r.Included);

    public int ExcludedCount => Rows.Count(r => !r.Included);

    public int ImplementedCount => Rows.Count(r => r.Included && r.Implementation == ImplementationStatus.Implemented);

    /// <summary>
    /// Builds the SoA for <paramref name="scope"/> from the stored instances (instances of other systems are
    /// ignored). Two instances for the same scope and control mean the store is corrupt: that throws.
    /// </summary>
    public static StatementOfApplicability Generate(IEnumerable<ControlInstance> instances, ControlScope scope)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(scope);

        var organization = new Dictionary<ControlId, ControlInstance>();
        var own = new Dictionary<ControlId, ControlInstance>();
        foreach (var instance in instances)
        {
            var target = instance.Scope.IsOrganization ? organization : instance.Scope == scope ? own : null;
            if (target is not null && !target.TryAdd(instance.ControlId, instance))
            {
                throw new ArgumentException($"Two control instances were given for {instance.Ref}.", nameof(instances));
            }
        }

        var sections = AnnexA.Objectives
            .Select(objective => new SoaSection(
                objective,
                objective.Controls.Select(control => RowFor(control, scope, organization, own)).ToList()))
            .ToList();
        return new StatementOfApplicability(scope, sections);
    }

    private static SoaRow RowFor(
        AnnexAControl control,
        ControlScope scope,
        Dictionary<ControlId, ControlInstance> organization,
        Dictionary<ControlId, ControlInstance> own)
    {
        var id = control.ControlId;
        organization.TryGetValue(id, out var org);

        if (scope.IsOrganization)
        {
            return org is null ? Default(control, control.DefaultLayer) : FromInstance(control, org, SoaRowSource.Scope);
        }

        if (org is not null && org.Applicability.IsExcluded)
        {
            return FromInstance(control, org, SoaRowSource.InheritedFromOrganization);
        }

        if (own.TryGetValue(id, out var mine))
        {
            return FromInstance(control, mine, SoaRowSource.Scope);
        }

        var orgLayer = org?.Layer ?? control.DefaultLayer;
        if (orgLayer == ControlLayer.Organization)
        {
            return org is null
                ? Default(control, ControlLayer.Organization)
                : FromInstance(control, org, SoaRowSource.InheritedFromOrganization);
        }

        return Default(control, ControlLayer.AiSystem);
    }

    private static SoaRow FromInstance(AnnexAControl control, ControlInstance instance, SoaRowSource source) => new(
        instance.ControlId,
        control.Title,
        control.ObjectiveId,
        instance.Layer,
        !instance.Applicability.IsExcluded,
        instance.Applicability.Justification,
        instance.Applicability.DecidedBy,
        instance.Applicability.DecidedAt,
        instance.Implementation,
        instance.OwnerUserId,
        instance.LastEvidenceAt,
        instance.NextDue,
        source);

    private static SoaRow Default(AnnexAControl control, ControlLayer layer) => new(
        control.ControlId,
        control.Title,
        control.ObjectiveId,
        layer,
        Included: true,
        Justification: null,
        DecidedBy: null,
        DecidedAt: null,
        ImplementationStatus.NotStarted,
        OwnerUserId: null,
        LastEvidenceAt: null,
        NextDue: null,
        SoaRowSource.Default);
}
