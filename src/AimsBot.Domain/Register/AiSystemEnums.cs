namespace AimsBot.Domain.Register;

/// <summary>The organisation's role towards an AI system (clause 4 scope).</summary>
public enum OrganizationRole
{
    Developer,
    Provider,
    DeployerUser,
}

public enum LifecycleStage
{
    Idea,
    Design,
    Development,
    Verification,
    Deployment,
    Operation,
    Retired,
}

public enum RiskTier
{
    Minimal,
    Limited,
    High,
    Unacceptable,
}

public enum SystemStatus
{
    Active,
    Suspended,
    Retired,
}
