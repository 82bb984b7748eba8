namespace AimsBot.Domain.Register;

/// <summary>
/// Where a control instance applies: the organisation as a whole, or one AI system (by its id). The storage
/// key is <see cref="Key"/>: <c>org</c> or the system id (system ids may never be <c>org</c>).
/// </summary>
public sealed record ControlScope
{
    public const string OrganizationKey = "org";

    private ControlScope(string? systemId) => SystemId = systemId;

    public static ControlScope Organization { get; } = new((string?)null);

    /// <summary>The AI system id, or null for the organisation scope.</summary>
    public string? SystemId { get; }

    public bool IsOrganization => SystemId is null;

    public string Key => SystemId ?? OrganizationKey;

    public static ControlScope ForSystem(string systemId)
    {
        if (!AiSystem.IsValidId(systemId))
        {
            throw new ArgumentException($"'{systemId}' is not a valid AI system id.", nameof(systemId));
        }

        return new ControlScope(systemId);
    }

    /// <summary>Reads a stored key (<c>org</c> or a system id).</summary>
    public static ControlScope FromKey(string key) =>
        string.Equals(key, OrganizationKey, StringComparison.Ordinal) ? Organization : ForSystem(key);

    public override string ToString() => IsOrganization ? "the organisation" : $"AI system '{SystemId}'";
}
