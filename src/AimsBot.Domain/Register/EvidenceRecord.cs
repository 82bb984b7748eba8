using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Register;

public enum EvidenceKind
{
    /// <summary>A link to where the evidence lives (a page, a ticket, a dashboard).</summary>
    Link,

    /// <summary>A written note describing what was done.</summary>
    Note,

    /// <summary>A file kept in a document store, referenced by its https address.</summary>
    FileReference,

    /// <summary>A statement by the owner that the control operated during the period.</summary>
    Attestation,
}

/// <summary>What a person submits as evidence, before validation.</summary>
public sealed record EvidenceDraft(
    EvidenceKind Kind,
    string? Url,
    string? Description,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    DateOnly? ValidUntil = null);

/// <summary>
/// Evidence that a control operated during a period. Links and file references point to an absolute https
/// address; notes and attestations carry their text. The period is inclusive and may not end after today
/// in the submitter's time zone (evidence is about what happened, not what will).
/// </summary>
public sealed class EvidenceRecord
{
    public const int UrlMax = 2048;
    public const int DescriptionMax = 2000;

    private EvidenceRecord(
        string id,
        ControlInstanceRef control,
        EvidenceKind kind,
        Uri? url,
        string description,
        DateOnly periodFrom,
        DateOnly periodTo,
        string submittedBy,
        DateTimeOffset submittedAt,
        DateOnly? validUntil)
    {
        Id = id;
        Control = control;
        Kind = kind;
        Url = url;
        Description = description;
        PeriodFrom = periodFrom;
        PeriodTo = periodTo;
        SubmittedBy = submittedBy;
        SubmittedAt = submittedAt;
        ValidUntil = validUntil;
    }

    /// <summary>A time-ordered unique id (UUID v7, 32 hex digits).</summary>
    public string Id { get; }

    public ControlInstanceRef Control { get; }

    public EvidenceKind Kind { get; }

    public Uri? Url { get; }

    public string Description { get; }

    public DateOnly PeriodFrom { get; }

    public DateOnly PeriodTo { get; }

    public string SubmittedBy { get; }

    public DateTimeOffset SubmittedAt { get; }

    /// <summary>The last day the evidence can be relied on, when it expires (a certificate, a signed-off review).</summary>
    public DateOnly? ValidUntil { get; }

    /// <summary>
    /// Validates and records evidence for a control. Only the control's owner or a compliance lead may submit;
    /// excluded controls take no evidence. All problems with the draft are reported together.
    /// </summary>
    public static Result<EvidenceRecord> Submit(
        EvidenceDraft draft,
        ControlInstance control,
        Actor submitter,
        TimeZoneInfo submitterZone,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(submitterZone);
        ArgumentNullException.ThrowIfNull(clock);

        if (Permissions.Can(submitter, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(control.OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<EvidenceRecord>(refused);
        }

        if (control.Applicability.IsExcluded)
        {
            return Result.Failure<EvidenceRecord>(new DomainError(
                "evidence.control-excluded",
                $"{control.ControlId} is excluded for {control.Scope}, so it takes no evidence. Include it again first."));
        }

        var now = clock.GetUtcNow();
        var today = DueDateCalculator.LocalDate(now, submitterZone);
        var errors = new List<DomainError>();

        if (!Enum.IsDefined(draft.Kind))
        {
            errors.Add(new DomainError("evidence.kind.invalid", "Evidence is a link, a note, a file reference or an attestation.", "kind"));
        }

        var needsUrl = draft.Kind is EvidenceKind.Link or EvidenceKind.FileReference;
        var url = CheckUrl(errors, draft.Url, needsUrl, draft.Kind);

        var description = TextRules.Clean(draft.Description);
        var needsText = draft.Kind is EvidenceKind.Note or EvidenceKind.Attestation;
        if (needsText && description.Length == 0)
        {
            errors.Add(new DomainError(
                "evidence.description.required",
                draft.Kind == EvidenceKind.Note
                    ? "A note needs some text: say what was done and where it can be checked."
                    : "An attestation needs the statement you are attesting to.",
                "description"));
        }
        else
        {
            TextRules.Check(errors, description, "description", "The description", 0, DescriptionMax, allowLineBreaks: true, "evidence.description");
        }

        CheckPeriod(errors, draft, today);

        if (draft.ValidUntil is { } validUntil)
        {
            if (draft.PeriodTo is { } to && validUntil < to)
            {
                errors.Add(new DomainError("evidence.valid-until.before-period", $"'Valid until' ({Format(validUntil)}) can't be before the end of the period covered ({Format(to)}).", "validUntil"));
            }
            else if (validUntil < today)
            {
                errors.Add(new DomainError("evidence.valid-until.past", $"'Valid until' ({Format(validUntil)}) has already passed, so this evidence would be expired on arrival.", "validUntil"));
            }
        }

        return Result.FromValidation(errors, () => new EvidenceRecord(
            Guid.CreateVersion7(now).ToString("N"),
            control.Ref,
            draft.Kind,
            url,
            description,
            draft.PeriodFrom!.Value,
            draft.PeriodTo!.Value,
            submitter.UserId,
            now,
            draft.ValidUntil));
    }

    /// <summary>Whether the evidence can still be relied on, on a given local date.</summary>
    public bool IsValidOn(DateOnly date) => ValidUntil is not { } until || date <= until;

    private static Uri? CheckUrl(List<DomainError> errors, string? raw, bool required, EvidenceKind kind)
    {
        var text = TextRules.Clean(raw);
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add(new DomainError(
                    "evidence.url.required",
                    kind == EvidenceKind.Link ? "A link needs its https address." : "A file reference needs the https address of the file.",
                    "url"));
            }

            return null;
        }

        if (text.Length > UrlMax)
        {
            errors.Add(new DomainError("evidence.url.too-long", string.Create(CultureInfo.InvariantCulture, $"The address is too long (at most {UrlMax} characters)."), "url"));
            return null;
        }

        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(new DomainError("evidence.url.invalid", "That is not a complete web address; paste the full link starting with https://.", "url"));
            return null;
        }

        if (!string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
        {
            errors.Add(new DomainError("evidence.url.not-https", "Evidence links must start with https:// so they can be opened safely by auditors.", "url"));
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add(new DomainError("evidence.url.credentials", "The address contains a user name or password; remove it and share the plain link.", "url"));
            return null;
        }

        return uri;
    }

    private static void CheckPeriod(List<DomainError> errors, EvidenceDraft draft, DateOnly today)
    {
        if (draft.PeriodFrom is not { } from || draft.PeriodTo is not { } to)
        {
            errors.Add(new DomainError("evidence.period.required", "Say which period the evidence covers (from and to dates, yyyy-mm-dd).", "period"));
            return;
        }

        if (from > to)
        {
            errors.Add(new DomainError("evidence.period.reversed", $"The period starts ({Format(from)}) after it ends ({Format(to)}).", "period"));
        }

        if (to > today)
        {
            errors.Add(new DomainError("evidence.period.future", $"The period can't end after today ({Format(today)} in your time zone); evidence covers what has already happened.", "period"));
        }
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
