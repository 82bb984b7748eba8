using System.Text.Json.Nodes;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Assessments;

internal static class AssessmentTestData
{
    /// <summary>The shipped questionnaire file's text, as a compliance lead would download and edit it.</summary>
    public static string ShippedJson()
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(QuestionnaireLoader.ShippedResource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The shipped file changed by <paramref name="edit"/>, then loaded.</summary>
    public static Result<Questionnaire> LoadEdited(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(ShippedJson())!.AsObject();
        edit(root);
        return QuestionnaireLoader.Load(root.ToJsonString());
    }

    public static JsonObject Section(JsonObject root, string id) =>
        root["sections"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["id"] == id);

    public static JsonObject Question(JsonObject root, string sectionId, string questionId) =>
        Section(root, sectionId)["questions"]!.AsArray().Select(q => q!.AsObject()).Single(q => (string?)q["id"] == questionId);

    public static AiSystem System(TimeProvider clock, RiskTier tier = RiskTier.Limited, string owner = "owner-1") =>
        Build.Ok(AiSystem.Create(
            new AiSystemDetails(
                "CV screening assistant",
                "Ranks job applications against the role's criteria.",
                "Helps recruiters shortlist applicants; a recruiter reads every application it ranks.",
                [OrganizationRole.DeployerUser, OrganizationRole.Developer],
                LifecycleStage.Design,
                owner,
                tier),
            Actors.Lead,
            clock));

    public static Dictionary<string, string?> Values(params (string Question, string? Value)[] values) =>
        values.ToDictionary(v => v.Question, v => v.Value, StringComparer.Ordinal);

    /// <summary>Every required answer of the shipped questionnaire, one harm of severity 2 × likelihood 2, no sensitive use.</summary>
    public static ImpactAssessment Complete(ImpactAssessment assessment, AiSystem system, Domain.Access.Actor actor)
    {
        var a = Build.Ok(assessment.SaveSection(system, "system", Values(
            ("system-name", "CV screening assistant"),
            ("system-description", "Ranks job applications against the role's criteria."),
            ("intended-use", "Helps recruiters shortlist applicants."),
            ("organisation-role", "deployer/user"),
            ("life-cycle-stage", "design"),
            ("sensitive-uses", "none")), actor));
        a = Build.Ok(a.SaveSection(system, "misuse", Values(("misuse-foreseen", "no"), ("misuse-reasoning", "Only recruiters can reach it, inside the applicant tracking system.")), actor));
        a = Build.Ok(a.SaveSection(system, "data", Values(
            ("data-sources", "Applications submitted through the careers site."),
            ("personal-data", "no"),
            ("data-provenance", "Applicants submit their own documents under the privacy notice.")), actor));
        a = Build.Ok(a.SaveSection(system, "model", Values(
            ("model-type", "machine-learning"),
            ("model-origin", "in-house"),
            ("decision-role", "recommends"),
            ("decision-logic", "Scores skills matched against the role profile."),
            ("performance", "Precision at 20 measured quarterly against recruiter choices.")), actor));
        a = Build.Ok(a.SaveSection(system, "deployment", Values(
            ("environment", "UK recruitment team, English only."),
            ("oversight", "in-the-loop"),
            ("oversight-description", "A recruiter reviews every shortlist."),
            ("can-contest", "no")), actor));
        a = Build.Ok(a.SaveSection(system, "parties", Values(("individuals", "Job applicants and recruiters."), ("vulnerable", "no")), actor));
        a = Build.Ok(a.SaveSection(system, "impacts", [Harm("2", "2")], actor));
        a = Build.Ok(a.SaveSection(system, "conclusions", Values(("conclusion", "acceptable"), ("summary", "Low impact: a recruiter decides every case.")), actor));
        return a;
    }

    public static IReadOnlyDictionary<string, string?> Harm(string severity, string likelihood, string area = "fairness") => Values(
        ("effect", "harm"),
        ("area", area),
        ("impact-description", "Qualified applicants with unusual careers ranked low."),
        ("affected", "Applicants"),
        ("severity", severity),
        ("likelihood", likelihood),
        ("reversibility", "with-effort"),
        ("existing-measures", "Recruiters read every application."));

    public static IReadOnlyDictionary<string, string?> Benefit(string severity, string likelihood) => Values(
        ("effect", "benefit"),
        ("area", "economic"),
        ("impact-description", "Applicants hear back within a week instead of a month."),
        ("affected", "Applicants"),
        ("severity", severity),
        ("likelihood", likelihood));
}
