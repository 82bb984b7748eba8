namespace AimsBot.Domain.Assessments;

/// <summary>Which assessment: a system's version (the ledger's entity id <c>credit-scorer/v2</c>).</summary>
public sealed record ImpactAssessmentRef(string SystemId, int Version)
{
    public static ImpactAssessmentRef Of(ImpactAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return new(assessment.SystemId, assessment.Version);
    }

    public static ImpactAssessmentRef Of(ImpactAssessmentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.SystemId, state.Version);
    }
}

/// <summary>A risk proposed from one impact (1-based <paramref name="Item"/>) of an approved assessment version.</summary>
public sealed record ProposedRiskRef(string SystemId, int Version, int Item);
