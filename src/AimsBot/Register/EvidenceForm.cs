using AimsBot.Domain;
using AimsBot.Domain.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Register;

/// <summary>
/// An evidence form as it came back, read: the draft the domain validates, what could not even be read (a kind
/// or a date that is not one), and the values as typed, to put back on the form after a problem.
/// </summary>
public sealed record EvidenceInput(EvidenceDraft Draft, IReadOnlyList<DomainError> Unreadable, FormData Values)
{
    /// <summary>Everything wrong with the submission at once: what could not be read, then what the domain says about the rest.</summary>
    public IReadOnlyList<DomainError> WithDomainErrors(IReadOnlyList<DomainError> domain)
    {
        ArgumentNullException.ThrowIfNull(domain);

        // The domain sees an unreadable kind as invalid and unreadable dates as missing: the reading problem says it better.
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var problem in Unreadable)
        {
            repeated.Add(problem.Code == EvidenceForm.DatesUnreadable ? "evidence.period.required" : problem.Code);
        }

        return [.. Unreadable, .. domain.Where(e => !repeated.Contains(e.Code))];
    }
}

/// <summary>
/// The one evidence form: <c>evidence add</c> shows it as a card of its own, the nudge card under each due item's
/// "Attach evidence". Same inputs, same ids (the nudge card adds the item's slot to each id), read back by
/// <see cref="Read"/> and recorded by <see cref="RegisterService.SubmitEvidenceAsync"/>; the rules (link,
/// description, period, lengths) are the domain's (<see cref="EvidenceRecord.Submit"/>).
/// </summary>
public static class EvidenceForm
{
    public const string Kind = "kind";
    public const string Url = "url";
    public const string Description = "description";
    public const string PeriodFrom = "periodFrom";
    public const string PeriodTo = "periodTo";

    internal const string DatesUnreadable = "evidence.period.invalid";

    /// <summary>
    /// The description's id on nudge cards sent before the two forms were one. Such cards may still sit in an
    /// owner's chat (until Teams refreshes them), so it is still read: typed evidence must not be lost.
    /// </summary>
    private const string EarlierNote = "note";

    private static readonly string[] Fields = [Kind, Url, Description, PeriodFrom, PeriodTo];

    /// <summary>The form's inputs.</summary>
    /// <param name="suffix">Added to every input id: the nudge card's item slot; empty on a form of its own.</param>
    /// <param name="values">Values to show (unsuffixed ids), e.g. what was typed before a problem.</param>
    /// <param name="today">
    /// The submitter's today (yyyy-mm-dd) when the form is for now: no date after it, and the period ends today
    /// unless changed. Null on a card that may be opened days later (the nudge card): the domain still refuses a
    /// period that ends in the future.
    /// </param>
    public static IReadOnlyList<CardElement> Inputs(string suffix, FormData? values, string? today)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        return
        [
            new ChoiceSetInput
            {
                Id = Kind + suffix,
                Label = "Kind",
                IsRequired = true,
                ErrorMessage = "Pick what kind of evidence this is.",
                Value = values?.Raw(Kind) ?? nameof(EvidenceKind.Link),
                Choices = Enum.GetValues<EvidenceKind>().Select(k => new Choice(CardText.Kind(k), k.ToString())).ToList(),
            },
            new TextInput { Id = Url + suffix, Label = "Link (https; for links and file references)", Style = "Url", MaxLength = EvidenceRecord.UrlMax, Value = values?.Raw(Url), Placeholder = "https://" },
            new TextInput { Id = Description + suffix, Label = "Description (what it shows; required for notes and attestations)", IsMultiline = true, MaxLength = EvidenceRecord.DescriptionMax, Value = values?.Raw(Description) },
            new DateInput { Id = PeriodFrom + suffix, Label = "Covers the period from", IsRequired = true, ErrorMessage = "When does the period start?", Max = today, Value = values?.Raw(PeriodFrom) },
            new DateInput { Id = PeriodTo + suffix, Label = "to", IsRequired = true, ErrorMessage = "When does the period end (today at the latest)?", Max = today, Value = values?.Raw(PeriodTo) ?? today },
        ];
    }

    /// <summary>Reads a submitted form (user-controlled: nothing is trusted, every value is checked by the domain).</summary>
    /// <param name="suffix">The suffix the inputs were shown with (see <see cref="Inputs"/>).</param>
    public static EvidenceInput Read(FormData form, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(suffix);
        var unreadable = new List<DomainError>();
        var kindText = form.Text(Kind + suffix);
        var kind = kindText is not null && !char.IsAsciiDigit(kindText[0])
            && Enum.TryParse<EvidenceKind>(kindText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : (EvidenceKind?)null;
        if (kind is null)
        {
            unreadable.Add(new DomainError("evidence.kind.invalid", "Pick what kind of evidence this is: a link, a note, a file reference or an attestation.", "kind"));
        }

        var from = form.Date(PeriodFrom + suffix, out var fromInvalid);
        var to = form.Date(PeriodTo + suffix, out var toInvalid);
        if (fromInvalid || toInvalid)
        {
            unreadable.Add(new DomainError(DatesUnreadable, "Dates must look like 2025-03-31.", "period"));
        }

        var descriptionId = form.Raw(Description + suffix) is null && form.Raw(EarlierNote + suffix) is not null ? EarlierNote : Description;
        var draft = new EvidenceDraft(kind ?? (EvidenceKind)(-1), form.Text(Url + suffix), form.Text(descriptionId + suffix), from, to);
        var typed = Fields
            .Select(f => (Name: f, Value: form.Raw((f == Description ? descriptionId : f) + suffix)))
            .Where(v => v.Value is not null)
            .Select(v => (v.Name, v.Value!))
            .ToArray();
        return new EvidenceInput(draft, unreadable, FormData.Of(typed));
    }
}
