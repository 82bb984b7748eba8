namespace AimsBot.Host.Tests.Assessments.Steps;

/// <summary>A complete set of answers to the shipped questionnaire (impact-assessment@1.0), step by step, as typed on the cards.</summary>
public static class SampleAnswers
{
    public static IReadOnlyDictionary<string, string> Titles { get; } = new Dictionary<string, string>
    {
        ["system"] = "The system and its intended use",
        ["misuse"] = "Reasonably foreseeable misuse",
        ["data"] = "Data",
        ["model"] = "The model and how it decides",
        ["deployment"] = "Deployment context and human oversight",
        ["parties"] = "Affected interested parties",
        ["impacts"] = "Impacts",
        ["conclusions"] = "Conclusions",
    };

    // Before BySection, which holds it (static fields initialise in order).
    public static IReadOnlyDictionary<string, string> Harm { get; } = new Dictionary<string, string>
    {
        ["effect"] = "harm",
        ["area"] = "fairness",
        ["impact-description"] = "Applicants from thin-file groups may be scored lower than their real risk.",
        ["affected"] = "Applicants with short credit histories",
        ["severity"] = "4",
        ["likelihood"] = "3",
        ["reversibility"] = "with-effort",
        ["existing-measures"] = "Officers review every refusal; the model is monitored for drift.",
    };

    /// <summary>Each step's answers in questionnaire order (the system step's register fields are pre-filled).</summary>
    public static IReadOnlyList<(string Section, IReadOnlyDictionary<string, string> Answers)> BySection { get; } =
    [
        ("system", new Dictionary<string, string> { ["sensitive-uses"] = "credit" }),
        ("misuse", new Dictionary<string, string> { ["misuse-foreseen"] = "no", ["misuse-reasoning"] = "Only credit officers see the scores." }),
        ("data", new Dictionary<string, string>
        {
            ["data-sources"] = "The national credit bureau and the application form.",
            ["personal-data"] = "yes",
            ["personal-data-categories"] = "identity-contact,financial",
            ["personal-data-basis"] = "Contract and legitimate interest; applicants are told in the privacy notice.",
            ["data-provenance"] = "Contracts with the bureau, and our own forms.",
        }),
        ("model", new Dictionary<string, string>
        {
            ["model-type"] = "machine-learning",
            ["model-origin"] = "third-party-service",
            ["model-supplier"] = "Contoso Scoring API",
            ["decision-role"] = "recommends",
            ["decision-logic"] = "Gradient boosting over bureau data; reasons codes explain each score.",
            ["performance"] = "AUC and approval rates by group are reviewed monthly.",
        }),
        ("deployment", new Dictionary<string, string>
        {
            ["environment"] = "Branch offices of the bank, inside the loan workflow.",
            ["oversight"] = "in-the-loop",
            ["oversight-description"] = "A credit officer reviews every score before a decision.",
            ["can-contest"] = "yes",
            ["contest-how"] = "Through the complaints form; a senior officer reviews it.",
        }),
        ("parties", new Dictionary<string, string> { ["individuals"] = "Loan applicants and their guarantors.", ["vulnerable"] = "no" }),
        ("impacts", Harm),
        ("conclusions", new Dictionary<string, string>
        {
            ["conclusion"] = "acceptable-with-measures",
            ["further-measures"] = "Quarterly fairness review by the risk team.",
            ["summary"] = "Acceptable with a quarterly fairness review.",
        }),
    ];

    public static IReadOnlyDictionary<string, string> For(string section) => BySection.Single(s => s.Section == section).Answers;
}
