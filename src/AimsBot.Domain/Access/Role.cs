namespace AimsBot.Domain.Access;

/// <summary>The roles the bot knows (mapped from Entra users or groups by configuration).</summary>
public enum Role
{
    /// <summary>Sets up the register, decides applicability, raises nonconformities.</summary>
    ComplianceLead,

    /// <summary>Reads everything, writes nothing: audits stay impartial.</summary>
    Auditor,

    /// <summary>Management that approves risk treatment plans and accepts residual risk.</summary>
    RiskApprover,

    /// <summary>Operates the bot itself (ledger verification, exports); not an AIMS decision maker.</summary>
    Admin,

    /// <summary>
    /// Top management (ISO/IEC 42001 5.1): approves risk treatment plans whose residual risk is above the acceptance
    /// threshold, which a manager or risk approver may not accept alone.
    /// </summary>
    TopManagement,
}
