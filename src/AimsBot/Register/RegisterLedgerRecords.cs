using System.Text.Json;
using System.Text.Json.Serialization;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary>
/// What the register writes into the ledger: action names, entity types and ids, and the before/after JSON.
/// Entity ids: an AI system's id (<c>credit-scorer</c>); a control instance's scope and control
/// (<c>org/A.2.2</c>, <c>credit-scorer/A.6.2.6</c>); an evidence record's id. <c>ledger &lt;entity id&gt;</c> takes them as shown.
/// </summary>
public static class RegisterLedgerRecords
{
    public const string SystemAdded = "register.system.add";
    public const string OwnerAssigned = "register.control.owner";
    public const string ControlExcluded = "register.control.exclude";
    public const string EvidenceAdded = "register.evidence.add";
    public const string PeriodNotApplicable = "register.control.period-not-applicable";

    /// <summary>An AI system's details or status changed (by an import).</summary>
    public const string SystemUpdated = "register.system.update";

    /// <summary>A control instance was created or changed by an import (before: null when created).</summary>
    public const string ControlUpdated = "register.control.update";

    public const string AiSystemEntity = "AiSystem";
    public const string ControlInstanceEntity = "ControlInstance";
    public const string EvidenceEntity = "Evidence";

    public static string ControlEntityId(ControlScope scope, ControlId controlId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return $"{scope.Key}/{controlId}";
    }

    public static string Json(StoredAiSystem system, IReadOnlyList<string> ownControls)
    {
        ArgumentNullException.ThrowIfNull(system);
        var s = system.System;
        return JsonSerializer.Serialize(
            new SystemSnapshot(s.Id, s.Name, s.Description, s.IntendedUse, s.Roles.ToArray(), s.Stage, s.RiskTier, s.Status, s.OwnerUserId, system.OwnerName, s.CreatedAt, ownControls.ToArray()),
            RegisterJsonContext.Default.SystemSnapshot);
    }

    public static string? Json(StoredControl? control) =>
        control is null ? null : JsonSerializer.Serialize(Snapshot(control), RegisterJsonContext.Default.ControlSnapshot);

    public static string Json(StoredEvidence evidence, StoredControl? controlAfter)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return JsonSerializer.Serialize(
            new EvidenceSnapshot(
                evidence.Id, evidence.Scope.Key, evidence.ControlId.Value, evidence.Kind, evidence.Url, evidence.Description,
                evidence.PeriodFrom, evidence.PeriodTo, evidence.ValidUntil, evidence.SubmittedBy, evidence.SubmittedByName, evidence.SubmittedAt,
                controlAfter is null ? null : Snapshot(controlAfter)),
            RegisterJsonContext.Default.EvidenceSnapshot);
    }

    private static ControlSnapshot Snapshot(StoredControl control) =>
        new(control.Instance.ToState(), control.OwnerName, control.Instance.NextDue);
}

internal sealed record SystemSnapshot(
    string Id,
    string Name,
    string Description,
    string IntendedUse,
    OrganizationRole[] Roles,
    LifecycleStage Stage,
    RiskTier RiskTier,
    SystemStatus Status,
    string OwnerUserId,
    string? OwnerName,
    DateTimeOffset CreatedAt,
    string[] OwnControls);

internal sealed record ControlSnapshot(ControlInstanceState State, string? OwnerName, DateOnly? NextDue);

internal sealed record EvidenceSnapshot(
    string Id,
    string Scope,
    string ControlId,
    EvidenceKind Kind,
    string? Url,
    string Description,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    DateOnly? ValidUntil,
    string SubmittedBy,
    string? SubmittedByName,
    DateTimeOffset SubmittedAt,
    ControlSnapshot? Control);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SystemSnapshot))]
[JsonSerializable(typeof(ControlSnapshot))]
[JsonSerializable(typeof(EvidenceSnapshot))]
internal sealed partial class RegisterJsonContext : JsonSerializerContext;
