using System.Text.Json;
using System.Text.Json.Serialization;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary>
/// The before/after JSON the register's ledger events carry. The events themselves (names, entity types and ids)
/// are defined in <see cref="Domain.Ledger.LedgerEvents"/>.
/// </summary>
public static class RegisterLedgerRecords
{
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
        new(control.Instance.ToState(), control.OwnerName, control.Instance.NextDue, control.DecidedByName);
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

/// <summary>A control instance in a ledger event: its state, the owner's name, the next due date and the applicability decider's name.</summary>
internal sealed record ControlSnapshot(ControlInstanceState State, string? OwnerName, DateOnly? NextDue, string? DecidedByName = null);

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
