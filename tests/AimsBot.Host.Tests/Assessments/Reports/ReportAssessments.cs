using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;

namespace AimsBot.Host.Tests.Assessments.Reports;

/// <summary>
/// Impact assessments built through the domain, as people would answer them, for the report tests: every answer
/// has words of its own so a report can be searched for each one.
/// </summary>
internal static class ReportAssessments
{
    public static readonly Questionnaire Shipped = QuestionnaireLoader.Shipped;

    /// <summary>The typed answers (and the labels of the choices) a complete assessment holds, step by step.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> Plain = new Dictionary<string, IReadOnlyDictionary<string, string?>>
    {
        ["system"] = Values(
            ("system-name", "Credit Scorer"),
            ("system-description", "Scores consumer loan applications from bureau data."),
            ("intended-use", "Decision support for credit officers in the retail bank."),
            ("organisation-role", "developer, deployer/user"),
            ("life-cycle-stage", "operation"),
            ("sensitive-uses", "credit"),
            ("out-of-scope-uses", "Never for business lending or collections.")),
        ["misuse"] = Values(
            ("misuse-foreseen", "yes"),
            ("misuse-description", "Officers could treat the score as the final decision."),
            ("misuse-prevention", "The loan system requires a written officer rationale.")),
        ["data"] = Values(
            ("data-sources", "Credit bureau files and the application form."),
            ("personal-data", "yes"),
            ("personal-data-categories", "identity-contact,financial"),
            ("personal-data-basis", "Contract necessity, explained in the privacy notice."),
            ("data-provenance", "Bureau contract with quarterly quality attestations.")),
        ["model"] = Values(
            ("model-type", "machine-learning"),
            ("model-origin", "third-party-service"),
            ("model-supplier", "Acme Scoring Ltd"),
            ("decision-role", "recommends"),
            ("decision-logic", "Gradient boosted trees over forty bureau features."),
            ("performance", "Gini of 0.61 on the 2025 hold-out sample.")),
        ["deployment"] = Values(
            ("environment", "Branch and call-centre lending desks in the UK."),
            ("oversight", "in-the-loop"),
            ("oversight-description", "An officer confirms or overrides every recommendation."),
            ("can-contest", "yes"),
            ("contest-how", "Applicants appeal through the complaints team.")),
        ["parties"] = Values(
            ("individuals", "Loan applicants and credit officers."),
            ("vulnerable", "yes"),
            ("vulnerable-groups", "financial-hardship"),
            ("vulnerable-details", "Applicants already in arrears elsewhere.")),
        ["conclusions"] = Values(
            ("conclusion", "acceptable-with-measures"),
            ("further-measures", "Quarterly fairness review of declined applications."),
            ("summary", "High impact because credit is a sensitive use; measured and overseen.")),
    };

    /// <summary>A harm of severity 3 × likelihood 2 (medium in the matrix, raised to high: credit is a sensitive use) and a benefit.</summary>
    public static readonly IReadOnlyList<IReadOnlyDictionary<string, string?>> Impacts =
    [
        Values(
            ("effect", "harm"),
            ("area", "fairness"),
            ("impact-description", "Thin-file applicants are declined more often than their risk warrants."),
            ("affected", "Young applicants and recent arrivals"),
            ("severity", "3"),
            ("likelihood", "2"),
            ("reversibility", "with-effort"),
            ("existing-measures", "Manual referral of every thin-file decline.")),
        Values(
            ("effect", "benefit"),
            ("area", "economic"),
            ("impact-description", "Decisions in minutes instead of days for most applicants."),
            ("affected", "All applicants"),
            ("severity", "2"),
            ("likelihood", "5")),
    ];

    public static AiSystem System(string name, string ownerUserId, RiskTier tier, TimeProvider clock) =>
        Ok(AiSystem.Create(
            new AiSystemDetails(name, "Scores consumer loan applications from bureau data.", "Decision support for credit officers in the retail bank.", [OrganizationRole.Developer, OrganizationRole.DeployerUser], LifecycleStage.Operation, ownerUserId, tier),
            Actor.Create("aad-lead-0001", Role.ComplianceLead),
            clock));

    public static ImpactAssessment Started(AiSystem system, Actor assessor, TimeProvider clock) =>
        Ok(ImpactAssessment.Start(system, Shipped, assessor, clock));

    /// <summary>Every step answered by <paramref name="assessor"/>, except the data step, which <paramref name="colleague"/> is asked to answer and does.</summary>
    public static ImpactAssessment Complete(ImpactAssessment assessment, AiSystem system, Actor assessor, Actor colleague)
    {
        var a = assessment;
        foreach (var (section, answers) in Plain)
        {
            if (section == "data")
            {
                a = Ok(a.AskContributor(system, section, colleague.UserId, assessor));
                a = Ok(a.SaveSection(system, section, answers, colleague));
            }
            else
            {
                a = Ok(a.SaveSection(system, section, answers, assessor));
            }
        }

        return Ok(a.SaveSection(system, "impacts", Impacts, assessor));
    }

    public static ImpactAssessment Submitted(ImpactAssessment assessment, AiSystem system, Actor assessor, TimeProvider clock) =>
        Ok(assessment.Submit(system, assessor, clock));

    public static ImpactAssessment Returned(ImpactAssessment assessment, AiSystem system, Actor approver, string comment, TimeProvider clock) =>
        Ok(assessment.Return(system, approver, comment, ImpactApproval.RiskApproversOnly, clock));

    public static ImpactAssessment Approved(ImpactAssessment assessment, AiSystem system, Actor approver, string comment, TimeProvider clock) =>
        Ok(assessment.Approve(system, approver, comment, ImpactApproval.RiskApproversOnly, new ImpactScoringOptions(), new ReassessmentOptions(), TimeZoneInfo.Utc, clock));

    /// <summary>The labels people read for the choices above (never their stored values).</summary>
    public static readonly string[] ChoiceLabels =
    [
        "Creditworthiness, credit scoring or insurance pricing",
        "Identity and contact details",
        "Financial data",
    ];

    public static IEnumerable<string> TypedAnswers() =>
        Plain.Values.SelectMany(v => v.Values).Concat(Impacts.SelectMany(i => i.Values))
            .OfType<string>()
            .Where(v => v.Contains(' ', StringComparison.Ordinal));

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value;
    }

    private static Dictionary<string, string?> Values(params (string Question, string? Value)[] values) =>
        values.ToDictionary(v => v.Question, v => v.Value, StringComparer.Ordinal);
}
