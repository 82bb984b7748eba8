using System.Globalization;
using System.Text;
using AimsBot.Domain.Access;

namespace AimsBot.Domain.Register;

/// <summary>What a person supplies when adding or editing an AI system. <see cref="Id"/> is derived from the name when omitted.</summary>
public sealed record AiSystemDetails(
    string? Name,
    string? Description,
    string? IntendedUse,
    IReadOnlyCollection<OrganizationRole>? Roles,
    LifecycleStage Stage,
    string? OwnerUserId,
    RiskTier RiskTier,
    string? Id = null);

/// <summary>
/// An AI system in the AIMS scope (clause 4.3): what it is, what it is for, the organisation's role(s) towards
/// it, where it is in its life cycle, who owns it and how risky it is. Immutable: changes return a new value.
/// </summary>
public sealed class AiSystem
{
    public const int NameMin = 3;
    public const int NameMax = 80;
    public const int DescriptionMax = 2000;
    public const int IntendedUseMax = 1000;
    public const int IdMax = 40;

    private AiSystem(
        string id,
        string name,
        string description,
        string intendedUse,
        IReadOnlyList<OrganizationRole> roles,
        LifecycleStage stage,
        string ownerUserId,
        RiskTier riskTier,
        SystemStatus status,
        DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        Description = description;
        IntendedUse = intendedUse;
        Roles = roles;
        Stage = stage;
        OwnerUserId = ownerUserId;
        RiskTier = riskTier;
        Status = status;
        CreatedAt = createdAt;
    }

    /// <summary>Lower-case slug (letters, digits, hyphens), stable for the system's life; never <c>org</c>.</summary>
    public string Id { get; }

    public string Name { get; }

    public string Description { get; }

    public string IntendedUse { get; }

    /// <summary>The organisation's roles towards the system, the primary one first.</summary>
    public IReadOnlyList<OrganizationRole> Roles { get; }

    public OrganizationRole PrimaryRole => Roles[0];

    public LifecycleStage Stage { get; }

    public string OwnerUserId { get; }

    public RiskTier RiskTier { get; }

    public SystemStatus Status { get; }

    public DateTimeOffset CreatedAt { get; }

    public ControlScope Scope => ControlScope.ForSystem(Id);

    /// <summary>Adds an AI system to the register (compliance leads only).</summary>
    public static Result<AiSystem> Create(AiSystemDetails details, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(clock);
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return Result.Failure<AiSystem>(refused);
        }

        return Validate(details, details.Id, SystemStatus.Active, clock.GetUtcNow());
    }

    /// <summary>Rebuilds a stored system, re-checking every rule (stored data is input too).</summary>
    public static Result<AiSystem> Restore(AiSystemDetails details, SystemStatus status, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (string.IsNullOrWhiteSpace(details.Id))
        {
            return Result.Failure<AiSystem>(new DomainError("system.id.required", "A stored AI system needs its id.", "id"));
        }

        return Validate(details, details.Id, status, createdAt);
    }

    /// <summary>Changes the system's details; the id never changes (ledger entries and controls refer to it).</summary>
    public Result<AiSystem> Update(AiSystemDetails details, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (CheckWritable(actor) is { } error)
        {
            return Result.Failure<AiSystem>(error);
        }

        if (details.Id is not null && !string.Equals(details.Id, Id, StringComparison.Ordinal))
        {
            return Result.Failure<AiSystem>(new DomainError("system.id.immutable", $"An AI system's id can't change (it stays '{Id}'); only its name can.", "id"));
        }

        if (details.Stage == LifecycleStage.Retired)
        {
            return Result.Failure<AiSystem>(new DomainError("system.retire-via-status", $"To retire '{Name}', retire it explicitly; editing its details can't retire it.", "stage"));
        }

        return Validate(details, Id, Status, CreatedAt);
    }

    /// <summary>Moves the system to another life-cycle stage; moving to Retired retires it.</summary>
    public Result<AiSystem> MoveToStage(LifecycleStage stage, Actor actor)
    {
        if (CheckWritable(actor) is { } error)
        {
            return Result.Failure<AiSystem>(error);
        }

        if (!Enum.IsDefined(stage))
        {
            return Result.Failure<AiSystem>(new DomainError("system.stage.invalid", "That life-cycle stage is not one I know.", "stage"));
        }

        var status = stage == LifecycleStage.Retired ? SystemStatus.Retired : Status;
        return Result.Success(With(stage: stage, status: status));
    }

    /// <summary>Suspends, reactivates or retires the system. Retiring is final and sets the stage to Retired.</summary>
    public Result<AiSystem> ChangeStatus(SystemStatus status, Actor actor)
    {
        if (CheckWritable(actor) is { } error)
        {
            return Result.Failure<AiSystem>(error);
        }

        if (!Enum.IsDefined(status))
        {
            return Result.Failure<AiSystem>(new DomainError("system.status.invalid", "That status is not one I know.", "status"));
        }

        var stage = status == SystemStatus.Retired ? LifecycleStage.Retired : Stage;
        return Result.Success(With(stage: stage, status: status));
    }

    /// <summary>A slug for a name: accents dropped, lower case, anything else becomes a hyphen, at most 40 characters.</summary>
    public static string Slugify(string? name)
    {
        var decomposed = (name ?? string.Empty).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower))
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length <= IdMax ? slug : slug[..IdMax].TrimEnd('-');
    }

    /// <summary>True for a usable system id: 1–40 of a-z, 0-9 and inner hyphens, and not the reserved <c>org</c>.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= IdMax
        && !string.Equals(id, ControlScope.OrganizationKey, StringComparison.Ordinal)
        && id[0] != '-' && id[^1] != '-'
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private DomainError? CheckWritable(Actor actor)
    {
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return refused;
        }

        return Status == SystemStatus.Retired
            ? new DomainError("system.retired", $"'{Name}' is retired; its record is kept unchanged for the audit trail.")
            : null;
    }

    private AiSystem With(LifecycleStage stage, SystemStatus status) =>
        new(Id, Name, Description, IntendedUse, Roles, stage, OwnerUserId, RiskTier, status, CreatedAt);

    private static Result<AiSystem> Validate(AiSystemDetails details, string? requestedId, SystemStatus status, DateTimeOffset createdAt)
    {
        var errors = new List<DomainError>();
        var name = TextRules.Clean(details.Name);
        var description = TextRules.Clean(details.Description);
        var intendedUse = TextRules.Clean(details.IntendedUse);
        var owner = TextRules.Clean(details.OwnerUserId);

        TextRules.Check(errors, name, "name", "The system's name", NameMin, NameMax, allowLineBreaks: false, "system.name");
        TextRules.Check(errors, description, "description", "The description", 0, DescriptionMax, allowLineBreaks: true, "system.description");
        TextRules.Check(errors, intendedUse, "intendedUse", "The intended use", 0, IntendedUseMax, allowLineBreaks: true, "system.intended-use");

        var id = requestedId is null ? Slugify(name) : requestedId.Trim();
        if (requestedId is not null && !IsValidId(id))
        {
            errors.Add(IdError(id));
        }
        else if (requestedId is null && name.Length >= NameMin && !IsValidId(id))
        {
            errors.Add(id.Length == 0
                ? new DomainError("system.id.required", "I can't make an id from that name; please give the system an id of letters, digits and hyphens.", "id")
                : IdError(id));
        }

        var roles = (details.Roles ?? []).Distinct().ToList();
        if (roles.Count == 0)
        {
            errors.Add(new DomainError("system.roles.required", "Say whether the organisation is the developer, provider or deployer/user of this system (at least one).", "roles"));
        }
        else if (roles.Any(r => !Enum.IsDefined(r)))
        {
            errors.Add(new DomainError("system.roles.invalid", "The organisation's role must be developer, provider or deployer/user.", "roles"));
        }

        if (!Enum.IsDefined(details.Stage))
        {
            errors.Add(new DomainError("system.stage.invalid", "That life-cycle stage is not one I know.", "stage"));
        }

        if (!Enum.IsDefined(details.RiskTier))
        {
            errors.Add(new DomainError("system.risk-tier.invalid", "The risk tier must be minimal, limited, high or unacceptable.", "riskTier"));
        }

        if (!Enum.IsDefined(status))
        {
            errors.Add(new DomainError("system.status.invalid", "That status is not one I know.", "status"));
        }

        if (owner.Length == 0)
        {
            errors.Add(new DomainError("system.owner.required", "Every AI system needs an owner.", "owner"));
        }

        var stage = status == SystemStatus.Retired ? LifecycleStage.Retired : details.Stage;
        return Result.FromValidation(errors, () => new AiSystem(
            id, name, description, intendedUse, roles, stage, owner, details.RiskTier, status, createdAt));
    }

    private static DomainError IdError(string id) =>
        string.Equals(id, ControlScope.OrganizationKey, StringComparison.Ordinal)
            ? new DomainError("system.id.reserved", "'org' is reserved for the organisation itself; please choose another id or name.", "id")
            : new DomainError("system.id.invalid", $"'{id}' can't be a system id: use 1–{IdMax} lower-case letters, digits and hyphens (not at either end).", "id");
}
