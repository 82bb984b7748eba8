using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Teams.Cards;

namespace AimsBot.Register;

/// <summary>The card of <c>evidence add</c> (the one evidence form, <see cref="EvidenceForm"/>) and what replaces it once evidence is recorded.</summary>
public static class EvidenceCards
{
    public const string AddVerb = "register.evidence.add";

    /// <summary>
    /// The form. Its data carries a fresh submission id (so a double click records once), the control and the
    /// scope asked about; all of it is re-checked when the form comes back.
    /// </summary>
    public static AdaptiveCard Form(Guid submissionId, ControlId controlId, ScopeView view, TimeZoneInfo zone, TimeProvider clock, FormData? values = null, IReadOnlyList<DomainError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var control = AnnexA.Get(controlId);
        var today = CardText.Date(Domain.Scheduling.DueDateCalculator.Today(clock, zone));
        var body = new List<CardElement>
        {
            CardText.Title($"Evidence for {control.Id} {control.Title}"),
            new TextBlock($"For {CardText.Md(view.ScopeName)}. Good evidence: {control.EvidenceHint}") { IsSubtle = true },
        };
        if (errors is { Count: > 0 })
        {
            body.Add(CardText.Errors(errors));
        }

        body.AddRange(EvidenceForm.Inputs("", values, today));

        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction
                {
                    Title = "Record evidence",
                    Verb = AddVerb,
                    Style = "positive",
                    AssociatedInputs = "Auto",
                    Data = new JsonObject
                    {
                        ["submissionId"] = submissionId.ToString("N"),
                        ["controlId"] = control.Id,
                        ["scope"] = view.Scope.Key,
                    },
                },
            ],
            FallbackText = $"Evidence for {control.Id}: fill in the form in Teams.",
        };
    }

    /// <summary>What replaces the form: the record, and when the control is next due.</summary>
    public static AdaptiveCard Recorded(EvidenceAdded added, ScopeView view, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(view);
        var e = added.Evidence;
        var control = AnnexA.Get(e.ControlId);
        var zone = added.Control?.Instance.DueZone ?? TimeZoneInfo.Utc;
        var facts = new List<Fact>
        {
            new("Kind", CardText.Kind(e.Kind)),
            new("Covers", $"{CardText.Date(e.PeriodFrom)} to {CardText.Date(e.PeriodTo)}"),
            new("Recorded by", CardText.Md(e.SubmittedByName ?? e.SubmittedBy)),
            new("Recorded at", e.SubmittedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            new("Next due", CardText.Due(added.Control?.Instance.NextDue, clock, zone)),
            new("Evidence id", e.Id),
        };
        if (e.Url is not null)
        {
            facts.Insert(1, new Fact("Link", CardText.ShortLink(e.Url)));
        }

        if (e.Description.Length > 0)
        {
            facts.Insert(1, new Fact("Description", CardText.Md(CardText.Shorten(e.Description, 600))));
        }

        var where = e.Scope.IsOrganization && !view.Scope.IsOrganization
            ? $"the organisation (which {CardText.Md(view.ScopeName)} inherits)"
            : CardText.Md(view.ScopeName);
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title($"Evidence recorded for {control.Id} {control.Title}"),
                new TextBlock($"On {where}.") { IsSubtle = true },
                new FactSet { Facts = facts },
            ],
            FallbackText = $"Evidence recorded for {control.Id}.",
        };
    }
}
