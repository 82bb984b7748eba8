using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using static AimsBot.Domain.Catalogue.ControlLayer;

namespace AimsBot.Domain.Catalogue;

/// <summary>
/// The ISO/IEC 42001:2023 Annex A catalogue as the project ships it: 9 objectives and 38 controls with their
/// identifiers and short titles (checked against docs of the project, see /shared/reference/iso42001.md), a
/// default layer per control, and the project's own evidence hints. No clause text of the standard is here.
/// </summary>
/// <remarks>
/// Default layers (reasons in docs/annex-a-layers.md): the organisation answers policy (A.2), roles and the
/// concerns channel (A.3), the shared resource inventory, tooling, computing and people (A.4.2, A.4.4–A.4.6),
/// the impact assessment PROCESS (A.5.2), responsible-development objectives and processes (A.6.1.x),
/// external reporting, incident communication and information duties (A.8.3–A.8.5), responsible-use
/// processes and objectives (A.9.2, A.9.3) and third-party relationships (A.10.x). Each AI system answers its
/// data resources (A.4.3), its impact assessments (A.5.3–A.5.5), its life cycle (A.6.2.x), its data (A.7.x),
/// its user documentation (A.8.2) and its intended use (A.9.4).
/// </remarks>
public static class AnnexA
{
    /// <summary>The nine objectives, in catalogue order.</summary>
    public static IReadOnlyList<AnnexAObjective> Objectives { get; } =
    [
        new("A.2", "Policies related to AI"),
        new("A.3", "Internal organization"),
        new("A.4", "Resources for AI systems"),
        new("A.5", "Assessing impacts of AI systems"),
        new("A.6", "AI system life cycle"),
        new("A.7", "Data for AI systems"),
        new("A.8", "Information for interested parties of AI systems"),
        new("A.9", "Use of AI systems"),
        new("A.10", "Third-party and customer relationships"),
    ];

    /// <summary>Groupings inside A.6 that are headings, not controls.</summary>
    public static IReadOnlyList<AnnexAHeading> Headings { get; } =
    [
        new("A.6.1", "Management guidance for AI system development"),
        new("A.6.2", "AI system life cycle"),
    ];

    /// <summary>The 38 controls, in catalogue order.</summary>
    public static IReadOnlyList<AnnexAControl> Controls { get; } =
    [
        C("A.2.2", "AI policy", Organization,
            "The approved AI policy with its owner, version and approval date, and proof it reached staff (an intranet post, read receipts or acknowledgements)."),
        C("A.2.3", "Alignment with other organizational policies", Organization,
            "A cross-reference showing where the AI policy meets the security, privacy, quality and procurement policies, and the edits made so they do not contradict each other."),
        C("A.2.4", "Review of the AI policy", Organization,
            "Minutes or a ticket from the latest planned review of the AI policy: who reviewed it, what changed, and when the next review is booked."),

        C("A.3.2", "AI roles and responsibilities", Organization,
            "A current role register or RACI naming who is accountable for AI work, with appointment records or job descriptions that mention those duties."),
        C("A.3.3", "Reporting of concerns", Organization,
            "A working channel for raising AI concerns (confidential where needed), proof staff know it exists, and a log showing reports were received and followed up."),

        C("A.4.2", "Resource documentation", Organization,
            "An up-to-date inventory of what each AI system depends on (data, tools, computing, people), kept next to the register of AI systems."),
        C("A.4.3", "Data resources", AiSystem,
            "For each dataset the system uses: where it came from, the licence or legal basis, the kinds of data in it, when it was collected and how it is kept."),
        C("A.4.4", "Tooling resources", Organization,
            "A list of the ML platforms, libraries and AI services in use, with versions, owners and the review or approval each one went through."),
        C("A.4.5", "System and computing resources", Organization,
            "Hosting and capacity records for the computing the AI systems run on: environments, monitoring dashboards, and cost or energy considerations."),
        C("A.4.6", "Human resources", Organization,
            "Competence records: who works on AI, the skills each role needs, training completed, and plans to close the gaps."),

        C("A.5.2", "AI system impact assessment process", Organization,
            "The written procedure for AI impact assessments (triggers, thresholds, who approves) and proof it was followed for the most recent systems or changes."),
        C("A.5.3", "Documentation of AI system impact assessments", AiSystem,
            "The system's completed and approved impact assessments, kept with their version history and a retention period."),
        C("A.5.4", "Assessing AI system impact on individuals or groups of individuals", AiSystem,
            "The part of the system's assessment on effects for people and groups (fairness, safety, privacy, rights) and the mitigations decided."),
        C("A.5.5", "Assessing societal impacts of AI systems", AiSystem,
            "The part of the system's assessment on wider effects (environment, economy, public trust, misinformation) and what was decided about them."),

        C("A.6.1.2", "Objectives for responsible development of AI system", Organization,
            "Written objectives for responsible development (for example fairness or transparency targets) and signs they flow into project requirements."),
        C("A.6.1.3", "Processes for responsible AI system design and development", Organization,
            "The development life-cycle procedure with its stage gates and reviews, and records from a recent project that went through them."),
        C("A.6.2.2", "AI system requirements and specification", AiSystem,
            "The system's requirements: purpose, performance targets and responsible-AI requirements, signed off before building started."),
        C("A.6.2.3", "Documentation of AI system design and development", AiSystem,
            "Design records for the system: architecture, model choices, training approach, and why the key decisions were taken."),
        C("A.6.2.4", "AI system verification and validation", AiSystem,
            "Test plans and results against the acceptance criteria, including evaluation metrics, bias checks, and who signed off the release."),
        C("A.6.2.5", "AI system deployment", AiSystem,
            "The deployment plan and release record: checks done before go-live, and who approved it."),
        C("A.6.2.6", "AI system operation and monitoring", AiSystem,
            "Monitoring reports or dashboards for the live system (performance, drift, errors, incidents) and the actions taken when a threshold was crossed."),
        C("A.6.2.7", "AI system technical documentation", AiSystem,
            "Technical documentation for the system, kept current for those who need it: operators, support, auditors, regulators."),
        C("A.6.2.8", "AI system recording of event logs", AiSystem,
            "What the system logs and how long logs are kept, with a sample extract from the period the evidence covers."),

        C("A.7.2", "Data for development and enhancement of AI system", AiSystem,
            "The data plan for building and improving the system: which data, why it is needed, and how it is handled."),
        C("A.7.3", "Acquisition of data", AiSystem,
            "How each dataset was obtained: source, agreement or licence, consent or legal basis, and date."),
        C("A.7.4", "Quality of data for AI systems", AiSystem,
            "The data quality criteria and the results of the checks run on the datasets used (completeness, accuracy, representativeness)."),
        C("A.7.5", "Data provenance", AiSystem,
            "A lineage record tracing data from its origin through each transformation to the version the model used."),
        C("A.7.6", "Data preparation", AiSystem,
            "The preparation steps (cleaning, labelling, splitting, augmenting) and the scripts, notebooks or tickets that ran them."),

        C("A.8.2", "System documentation and information for users", AiSystem,
            "The user-facing guide or notice for the system: what it does, its limits, when a person is involved, and how to get help."),
        C("A.8.3", "External reporting", Organization,
            "A public or partner-facing way to report harmful effects of the organisation's AI, and a log showing reports were handled."),
        C("A.8.4", "Communication of incidents", Organization,
            "The plan for telling users and authorities about AI incidents, and records of the notices actually sent after an incident."),
        C("A.8.5", "Information for interested parties", Organization,
            "A list of the information owed about the organisation's AI to regulators, customers and others, and proof it was provided."),

        C("A.9.2", "Processes for responsible use of AI systems", Organization,
            "The procedure for adopting and using AI responsibly (approval before use, acceptable-use rules) and records showing it was applied."),
        C("A.9.3", "Objectives for responsible use of AI system", Organization,
            "Written objectives that guide how AI is used (for example human oversight or accuracy thresholds) and how progress on them is tracked."),
        C("A.9.4", "Intended use of the AI system", AiSystem,
            "The system's stated intended use and signs it is used that way: user instructions, access controls, checks for misuse."),

        C("A.10.2", "Allocating responsibilities", Organization,
            "Contracts or agreements that split AI responsibilities between the organisation and its partners, suppliers and customers."),
        C("A.10.3", "Suppliers", Organization,
            "Assessments of suppliers of AI products and services, the contract clauses that bind them, and results of periodic reviews."),
        C("A.10.4", "Customers", Organization,
            "Records that customers' needs and expectations of the AI were captured and met: requirements, terms of use, feedback handled."),
    ];

    private static readonly Dictionary<string, (ControlId Id, AnnexAControl Control)> ById = BuildIndex();

    /// <summary>The catalogue entry of a control.</summary>
    public static AnnexAControl Get(ControlId id) => ById[id.Value].Control;

    /// <summary>The objective an objective id (<c>A.6</c>) names, if any.</summary>
    public static AnnexAObjective? FindObjective(string objectiveId) =>
        Objectives.FirstOrDefault(o => string.Equals(o.Id, objectiveId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Looks up what a person typed. Succeeds with the control; otherwise fails with a friendly message that
    /// explains a heading or objective id, or suggests the closest controls ("did you mean").
    /// </summary>
    public static Result<AnnexAControl> Find(string? input)
    {
        if (ControlId.TryParse(input, out var id))
        {
            return Result.Success(Get(id));
        }

        var shown = Shorten(input);
        if (ControlId.TryNormalize(input, out var canonical, out _))
        {
            var heading = Headings.FirstOrDefault(h => h.Id == canonical);
            if (heading is not null)
            {
                var inside = Controls.Where(c => c.Id.StartsWith(heading.Id + ".", StringComparison.Ordinal)).ToList();
                return Result.Failure<AnnexAControl>(new DomainError(
                    "control.is-heading",
                    $"{heading.Id} ({heading.Title}) is a heading, not a control. Its controls are {inside[0].Id} to {inside[^1].Id}.",
                    "controlId"));
            }

            var objective = FindObjective(canonical);
            if (objective is not null)
            {
                var inside = objective.Controls;
                return Result.Failure<AnnexAControl>(new DomainError(
                    "control.is-objective",
                    $"{objective.Id} ({objective.Title}) is an objective, not a control. Its controls are {inside[0].Id} to {inside[^1].Id}.",
                    "controlId"));
            }
        }

        var suggestions = Suggest(input);
        var message = suggestions.Count == 0
            ? $"'{shown}' is not an Annex A control id. Ids look like A.6.2.6; try 'controls' to list them."
            : $"'{shown}' is not an Annex A control id. Did you mean {JoinOr(suggestions.Select(s => $"{s} ({Get(s).Title})").ToList())}?";
        return Result.Failure<AnnexAControl>(new DomainError("control.unknown", message, "controlId"));
    }

    /// <summary>
    /// The known control ids closest to what was typed, best first (at most <paramref name="max"/>), for a
    /// "did you mean". Closeness is the edit distance between normalised spellings (lower case, the dot after
    /// "A" dropped, an "A" added when missing); ties go to the numerically nearest id, so A.6.2.9 suggests
    /// A.6.2.8 then A.6.2.7. Returns nothing for input that resembles no id at all.
    /// </summary>
    public static IReadOnlyList<ControlId> Suggest(string? input, int max = 3)
    {
        if (string.IsNullOrWhiteSpace(input) || max <= 0)
        {
            return [];
        }

        var typed = NormalizeForDistance(input);
        if (typed.Length == 0 || typed.Length > 32)
        {
            return [];
        }

        _ = ControlId.TryNormalize(input, out _, out var typedParts);
        var threshold = Math.Max(2, typed.Length / 2);

        return ById.Values
            .Select(e => (e.Id, Distance: EditDistance.Between(typed, NormalizeForDistance(e.Id.Value))))
            .Where(x => x.Distance <= threshold)
            .OrderBy(x => x.Distance)
            .ThenBy(x => NumericGap(typedParts, x.Id.Parts))
            .ThenBy(x => x.Id)
            .Take(max)
            .Select(x => x.Id)
            .ToList();
    }

    internal static bool TryGetKnownId(string canonical, [NotNullWhen(true)] out ControlId? id)
    {
        if (ById.TryGetValue(canonical, out var entry))
        {
            id = entry.Id;
            return true;
        }

        id = null;
        return false;
    }

    internal static IReadOnlyList<AnnexAControl> ControlsOf(string objectiveId) =>
        Controls.Where(c => c.ObjectiveId == objectiveId).ToList();

    internal static AnnexAHeading? HeadingOf(string controlId) =>
        Headings.FirstOrDefault(h => controlId.StartsWith(h.Id + ".", StringComparison.Ordinal));

    private static AnnexAControl C(string id, string title, ControlLayer layer, string hint)
    {
        var objectiveId = id[..id.IndexOf('.', 2)];
        var objective = Objectives.Single(o => o.Id == objectiveId);
        return new AnnexAControl(id, title, objective.Id, objective.Title, layer, hint);
    }

    private static Dictionary<string, (ControlId, AnnexAControl)> BuildIndex()
    {
        var index = new Dictionary<string, (ControlId, AnnexAControl)>(StringComparer.Ordinal);
        foreach (var control in Controls)
        {
            if (!ControlId.TryNormalize(control.Id, out var canonical, out var parts) || canonical != control.Id)
            {
                throw new InvalidOperationException($"Catalogue id {control.Id} is not canonical.");
            }

            index.Add(canonical, (new ControlId(canonical, parts), control));
        }

        return index;
    }

    private static string NormalizeForDistance(string input)
    {
        var s = ControlId.TrimNoise(input.AsSpan()).ToString().ToLowerInvariant();
        s = string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        if (s.StartsWith("annex", StringComparison.Ordinal))
        {
            s = s[5..];
        }

        if (s.StartsWith('a'))
        {
            s = s[1..];
        }

        return "a" + s.TrimStart('.');
    }

    /// <summary>How far apart two ids are numerically, earlier parts weighing more (used only to break ties).</summary>
    private static long NumericGap(int[]? typed, IReadOnlyList<int> known)
    {
        if (typed is null)
        {
            return long.MaxValue;
        }

        long gap = 0;
        for (var i = 0; i < 3; i++)
        {
            var a = i < typed.Length ? typed[i] : 0;
            var b = i < known.Count ? known[i] : 0;
            gap = (gap * 1000) + Math.Abs(a - b);
        }

        return gap;
    }

    private static string Shorten(string? input)
    {
        var s = (input ?? string.Empty).Trim();
        s = string.Concat(s.Where(c => !char.IsControl(c)));
        return s.Length <= 40 ? s : s[..40] + "…";
    }

    internal static string JoinOr(IReadOnlyList<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
    };

    internal static string Describe(ControlId id) => string.Create(CultureInfo.InvariantCulture, $"{id} ({Get(id).Title})");
}
