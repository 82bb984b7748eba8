using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Soa;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Register;

/// <summary>Cards of <c>controls</c>, <c>control</c> and <c>soa</c>: one section per Annex A objective, compact rows.</summary>
public static class ControlCards
{
    public const string EvidenceFormVerb = "register.evidence.form";

    /// <summary>Justifications are shortened to the first of these lengths that keeps the SoA card small enough.</summary>
    private static readonly int[] JustificationBudgets = [300, 150, 60, 0];

    /// <summary><c>controls [system &lt;name&gt;]</c>: per objective, each control's applicability, status, owner and next due.</summary>
    public static AdaptiveCard Controls(ScopeView view, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new List<CardElement>
        {
            CardText.Title($"Controls — {CardText.Md(view.ScopeName)}"),
            Summary(view.Soa),
        };
        foreach (var section in view.Soa.Sections)
        {
            body.Add(Section(section, row =>
            {
                var zone = view.Effective(row.ControlId).Stored?.Instance.DueZone ?? TimeZoneInfo.Utc;
                return $"{Applicability(row)} · {CardText.Implementation(row.Implementation)} · owner {CardText.Md(view.OwnerDisplay(row.OwnerUserId))} · next due {CardText.Due(row.NextDue, clock, zone)}{Source(view, row)}";
            }));
        }

        body.Add(CardText.Subtle(AimsBot.Commands.Placeholders.ForCard("Say **control <id>** for one control's details and evidence.")));
        return new AdaptiveCard { Body = body, FallbackText = $"Controls of {view.ScopeName}." };
    }

    /// <summary>
    /// <c>soa [system &lt;name&gt;]</c>: per objective, each control included or excluded with the justification,
    /// implemented or not, owner and last evidence. Kept under <see cref="CardText.MaxCardBytes"/> by shortening
    /// justifications (the full text is on <c>control &lt;id&gt;</c>).
    /// </summary>
    /// <param name="deciders">Who made each decision, by name (<see cref="DeciderNames"/>); without it, the names the scope knows.</param>
    /// <param name="treats">The ids of the risks each control treats (<c>R-3, R-7</c>), its inclusion's justification.</param>
    /// <param name="openMajors">The ids of the open major nonconformities naming each control (<c>NC-3, NC-7</c>).</param>
    public static AdaptiveCard Soa(ScopeView view, IReadOnlyDictionary<ControlId, string>? deciders = null, IReadOnlyDictionary<ControlId, string>? treats = null, IReadOnlyDictionary<ControlId, string>? openMajors = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        AdaptiveCard? card = null;
        foreach (var budget in JustificationBudgets)
        {
            card = BuildSoa(view, budget, deciders, treats, openMajors);
            if (CardText.Bytes(card) <= CardText.MaxCardBytes)
            {
                return card;
            }
        }

        return card!;
    }

    /// <summary><c>control &lt;id&gt; [system &lt;name&gt;]</c>.</summary>
    /// <param name="decider">Who made the applicability decision, by name (<see cref="DeciderNames"/>); without it, the name the scope knows.</param>
    /// <param name="treatingRisks">One line per risk the control treats (id, title, level, status), when there are any.</param>
    /// <param name="openMajors">One line per open major nonconformity naming the control (id, title, step), when there are any.</param>
    public static AdaptiveCard Detail(ScopeView view, EffectiveControl effective, StoredEvidence? lastEvidence, TimeProvider clock, bool offerEvidence, string? decider = null, IReadOnlyList<string>? treatingRisks = null, IReadOnlyList<string>? openMajors = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(effective);
        var row = effective.Row;
        var control = AnnexA.Get(row.ControlId);
        var instance = effective.Stored?.Instance;
        var zone = instance?.DueZone ?? TimeZoneInfo.Utc;
        var applicability = row.Included
            ? "Included"
            : $"Excluded: {CardText.Md(row.Justification)}";
        if (row.DecidedBy is not null)
        {
            applicability += $" (decided by {CardText.Md(decider ?? DeciderNames.Display(view, row))} on {CardText.Date(row.DecidedAt, zone)})";
        }

        var answeredBy = row.Source switch
        {
            SoaRowSource.InheritedFromOrganization => $"{CardText.Md(view.ScopeName)}, answered by the organisation's control",
            SoaRowSource.Default when view.Scope.IsOrganization => "the organisation (not set up yet)",
            SoaRowSource.Default => $"{CardText.Md(view.ScopeName)} (not set up yet)",
            _ => CardText.Md(view.ScopeName),
        };
        var facts = new List<Fact>
        {
            new("Objective", $"{control.ObjectiveId} {control.ObjectiveTitle}"),
            new("Scope", answeredBy),
            new("Layer", CardText.Layer(row.Layer)),
            new("Applicability", applicability),
            new("Implementation", CardText.Implementation(row.Implementation)),
            new("Owner", CardText.Md(effective.Stored is { } stored ? OwnerIds.Display(stored.Instance.OwnerUserId, stored.OwnerName) : view.OwnerDisplay(row.OwnerUserId))),
            new("Evidence cadence", instance?.Cadence?.ToString() ?? "none set"),
            new("Next due", CardText.Due(row.NextDue, clock, zone)),
            new("Last evidence", lastEvidence is null ? "none yet" : LastEvidence(lastEvidence, zone)),
        };
        var body = new List<CardElement>
        {
            CardText.Title($"{control.Id} {control.Title}"),
            new FactSet { Facts = facts },
            new TextBlock($"Good evidence: {control.EvidenceHint}") { IsSubtle = true, Spacing = "Medium" },
        };
        if (treatingRisks is { Count: > 0 })
        {
            body.Add(new TextBlock("Treats risks") { Weight = "Bolder", Spacing = "Medium" });
            body.AddRange(treatingRisks.Select(line => CardText.Subtle(line)));
        }

        if (openMajors is { Count: > 0 })
        {
            body.Add(new TextBlock("Open major nonconformities") { Weight = "Bolder", Color = "Attention", Spacing = "Medium" });
            body.AddRange(openMajors.Select(line => CardText.Subtle(line)));
        }
        var card = new AdaptiveCard { Body = body, FallbackText = $"{control.Id} {control.Title} for {view.ScopeName}." };
        if (offerEvidence)
        {
            card.Actions =
            [
                new ExecuteAction
                {
                    Title = "Add evidence",
                    Verb = EvidenceFormVerb,
                    Data = new JsonObject { ["controlId"] = control.Id, ["scope"] = view.Scope.Key },
                },
            ];
        }

        return card;
    }

    private static AdaptiveCard BuildSoa(ScopeView view, int justificationBudget, IReadOnlyDictionary<ControlId, string>? deciders, IReadOnlyDictionary<ControlId, string>? treats, IReadOnlyDictionary<ControlId, string>? openMajors)
    {
        var body = new List<CardElement>
        {
            CardText.Title($"Statement of Applicability — {CardText.Md(view.ScopeName)}"),
            Summary(view.Soa),
        };
        foreach (var section in view.Soa.Sections)
        {
            body.Add(Section(section, row =>
            {
                var zone = view.Effective(row.ControlId).Stored?.Instance.DueZone ?? TimeZoneInfo.Utc;
                var decision = row.Included
                    ? $"Included · {CardText.Implementation(row.Implementation)}"
                    : justificationBudget > 0
                        ? $"Excluded: {CardText.Md(CardText.Shorten(row.Justification ?? "", justificationBudget))}"
                        : "Excluded (say **control " + row.ControlId + "** for why)";
                if (row.DecidedBy is not null)
                {
                    // Who decided and when, so the SoA answers "who excluded this?" without the ledger.
                    var decider = deciders?.GetValueOrDefault(row.ControlId) ?? DeciderNames.Display(view, row);
                    decision += $" · decided by {CardText.Md(decider)} on {CardText.Date(row.DecidedAt, zone)}";
                }

                var risks = treats?.GetValueOrDefault(row.ControlId) is { Length: > 0 } ids ? " · treats " + ids : "";
                risks += openMajors?.GetValueOrDefault(row.ControlId) is { Length: > 0 } ncs ? " · **open major " + ncs + "**" : "";
                return $"{decision}{risks} · owner {CardText.Md(view.OwnerDisplay(row.OwnerUserId))} · last evidence {CardText.Date(row.LastEvidenceAt, zone)}{Source(view, row)}";
            }));
        }

        body.Add(CardText.Subtle("Every Annex A control is included unless a compliance lead excluded it with a justification."));
        return new AdaptiveCard { Body = body, FallbackText = $"Statement of Applicability of {view.ScopeName}: {view.Soa.IncludedCount} included, {view.Soa.ExcludedCount} excluded." };
    }

    private static TextBlock Summary(StatementOfApplicability soa) => new(string.Create(CultureInfo.InvariantCulture,
        $"{soa.Rows.Count} controls: {soa.IncludedCount} included, {soa.ExcludedCount} excluded, {soa.ImplementedCount} implemented."))
    {
        IsSubtle = true,
    };

    private static Container Section(SoaSection section, Func<SoaRow, string> details)
    {
        var items = new List<CardElement> { new TextBlock($"{section.Objective.Id} {section.Objective.Title}") { Weight = "Bolder", Color = "Accent" } };
        foreach (var row in section.Rows)
        {
            items.Add(new TextBlock($"**{row.ControlId}** {row.Title}") { Spacing = "Small" });
            items.Add(CardText.Subtle(details(row)));
        }

        return new Container { Items = items, Separator = true, Spacing = "Medium" };
    }

    private static string Applicability(SoaRow row) => row.Included ? "Included" : "Excluded";

    /// <summary>Marks a system's rows that the organisation answers (its instance, or its default row).</summary>
    private static string Source(ScopeView view, SoaRow row) =>
        !view.Scope.IsOrganization && view.Effective(row.ControlId).InstanceScope.IsOrganization ? " · from the organisation" : "";

    private static string LastEvidence(StoredEvidence evidence, TimeZoneInfo zone)
    {
        var what = evidence.Url is { } url
            ? $"[{CardText.Md(CardText.Shorten(evidence.Description.Length > 0 ? evidence.Description : url, 80))}]({url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})"
            : CardText.Md(CardText.Shorten(evidence.Description, 120));
        return $"{CardText.Date(evidence.SubmittedAt, zone)} · {CardText.Kind(evidence.Kind)} · {what} · by {CardText.Md(evidence.SubmittedByName ?? evidence.SubmittedBy)} (covers {CardText.Date(evidence.PeriodFrom)} to {CardText.Date(evidence.PeriodTo)})";
    }
}
