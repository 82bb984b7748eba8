using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Access;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;
using AimsBot.Teams.Cards;

namespace AimsBot.Ledger;

/// <summary>The cards of the ledger workflow: an entity's history, and the result of verifying the chain.</summary>
public static class LedgerCards
{
    /// <summary>Teams refuses messages much over 28 KB; a page keeps fewer events rather than go over this many bytes.</summary>
    public const int MaxCardBytes = 26_000;

    /// <summary>Verb of the "More" button of an entity's history.</summary>
    public const string MoreVerb = "ledger.more";

    /// <summary>Verb of the "More" button of <c>ledger soa</c>.</summary>
    public const string SoaMoreVerb = "ledger.soa.more";

    /// <summary>Raw before/after JSON shown on the card per event; beyond it (a bulk import's record) the note says where the rest is.</summary>
    private const int MaxRawCharacters = 6_000;

    /// <summary>
    /// One page of an entity's history, oldest first (<paramref name="shownBefore"/> events came on earlier pages):
    /// per event when, who (by name), their roles, what happened in words, each changed field as
    /// "Field: before → after", and the raw event (sequence, hashes, before/after JSON) behind a "Raw event" button.
    /// Events that would take the card over <see cref="MaxCardBytes"/> are left for the next page: <c>Kept</c> says how
    /// many are on the card, and <paramref name="continuationAfter"/> is asked for the "More" button after the last kept one.
    /// </summary>
    public static (AdaptiveCard Card, int Kept) History(
        string entityId,
        IReadOnlyList<LedgerEvent> events,
        int shownBefore,
        bool hasMore,
        TimeZoneInfo zone,
        Func<string, string?> nameOf,
        Func<LedgerEvent, int, string> continuationAfter)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(continuationAfter);
        return Fit(events.Count, hasMore, kept =>
        {
            var more = hasMore || kept < events.Count;
            var continuation = more && kept > 0 ? continuationAfter(events[kept - 1], kept) : null;
            var body = new List<CardElement>
            {
                new TextBlock("History of " + Register.CardText.Md(entityId)) { Size = "Medium", Weight = "Bolder" },
                new TextBlock(Range(shownBefore, kept, zone)) { IsSubtle = true, Size = "Small", Spacing = "None" },
            };
            body.AddRange(events.Take(kept).Select(e => EventContainer(e, zone, nameOf)));
            return Paged(body, continuation, MoreVerb, Invariant($"End of the history: {shownBefore + kept} {(shownBefore + kept == 1 ? "event" : "events")}."), Invariant($"History of {entityId}: events {shownBefore + 1}–{shownBefore + kept}."));
        });
    }

    /// <summary>One applicability decision of <c>ledger soa</c>, read from its event.</summary>
    public sealed record SoaDecision(
        LedgerEvent Event,
        string ControlId,
        string ControlTitle,
        string ScopeName,
        bool Included,
        string? Justification,
        string DecidedBy,
        DateTimeOffset DecidedAt);

    /// <summary>
    /// One page of <c>ledger soa</c>: every inclusion or exclusion across the tenant, oldest first, each with the
    /// control, the scope (the organisation or the AI system by name), the decision and its justification, who decided
    /// (by name) and when, and the ledger event it was read from.
    /// </summary>
    public static (AdaptiveCard Card, int Kept) SoaHistory(
        IReadOnlyList<SoaDecision> decisions,
        DateOnly? since,
        int shownBefore,
        bool hasMore,
        TimeZoneInfo zone,
        Func<SoaDecision, int, string> continuationAfter)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(continuationAfter);
        return Fit(decisions.Count, hasMore, kept =>
        {
            var more = hasMore || kept < decisions.Count;
            var continuation = more && kept > 0 ? continuationAfter(decisions[kept - 1], kept) : null;
            var filter = since is { } s ? Invariant($" Decided on or after {s:yyyy-MM-dd} (UTC).") : "";
            var body = new List<CardElement>
            {
                new TextBlock("SoA decisions: who included or excluded each control, and when") { Size = "Medium", Weight = "Bolder" },
                new TextBlock(Range(shownBefore, kept, zone, "Decision").Replace(" Times in", filter + " Times in", StringComparison.Ordinal)) { IsSubtle = true, Size = "Small", Spacing = "None" },
            };
            body.AddRange(decisions.Take(kept).Select(d => DecisionContainer(d, zone)));
            return Paged(body, continuation, SoaMoreVerb, Invariant($"End of the list: {shownBefore + kept} {(shownBefore + kept == 1 ? "decision" : "decisions")}. Say **ledger ‹scope›/‹control›** for one control's whole history."), Invariant($"SoA decisions {shownBefore + 1}–{shownBefore + kept}."));
        });
    }

    /// <summary>The events' names in words; an event this list does not know shows its name as recorded.</summary>
    private static readonly Dictionary<string, string> ActionWords = new(StringComparer.Ordinal)
    {
        [LedgerEvents.SystemAdded.Name] = "AI system added",
        [LedgerEvents.SystemUpdated.Name] = "AI system changed by an import",
        [LedgerEvents.OwnerAssigned.Name] = "Owner assigned",
        [LedgerEvents.ControlExcluded.Name] = "Excluded from the SoA",
        [LedgerEvents.ControlUpdated.Name] = "Control changed by an import",
        [LedgerEvents.ImplementationSet.Name] = "Implementation status set",
        [LedgerEvents.PeriodNotApplicable.Name] = "Period declared not applicable",
        [LedgerEvents.EvidenceAdded.Name] = "Evidence recorded",
        [LedgerEvents.RegisterImported.Name] = "Register imported",
        [LedgerEvents.Snoozed.Name] = "Reminder snoozed",
        [LedgerEvents.ReassignRequested.Name] = "Reassignment asked for",
        [LedgerEvents.ReassignApproved.Name] = "Reassignment approved",
        [LedgerEvents.ReassignDeclined.Name] = "Reassignment declined",
        [LedgerEvents.Escalated.Name] = "Escalated",
        [LedgerEvents.DueScanned.Name] = "Due scan",
        [LedgerEvents.ExportDelivered.Name] = "Export delivered",
        [LedgerEvents.ExportCardFailed.Name] = "Export card not posted",
        [LedgerEvents.AssessmentStarted.Name] = "Impact assessment started",
        [LedgerEvents.AssessmentSaved.Name] = "Impact assessment step saved",
        [LedgerEvents.AssessmentContributorAsked.Name] = "Colleague asked to answer a step",
        [LedgerEvents.AssessmentSubmitted.Name] = "Impact assessment submitted for approval",
        [LedgerEvents.AssessmentReturned.Name] = "Impact assessment returned for changes",
        [LedgerEvents.AssessmentApproved.Name] = "Impact assessment approved",
        [LedgerEvents.ReassessmentRequired.Name] = "Significant change: reassessment due",
        [LedgerEvents.StageUnassessed.Name] = "Put into use without an approved impact assessment",
        [LedgerEvents.QuestionnaireLoaded.Name] = "Questionnaire version loaded",
        [LedgerEvents.RiskProposed.Name] = "Risk proposed by an impact assessment",
        [LedgerEvents.RiskAdded.Name] = "Risk added",
        [LedgerEvents.RiskEdited.Name] = "Risk changed",
        [LedgerEvents.RiskRated.Name] = "Risk rated",
        [LedgerEvents.RiskPlanChanged.Name] = "Treatment plan changed",
        [LedgerEvents.RiskSubmitted.Name] = "Plan submitted for approval",
        [LedgerEvents.RiskApproved.Name] = "Plan approved",
        [LedgerEvents.RiskRejected.Name] = "Plan rejected",
        [LedgerEvents.RiskChangesRequested.Name] = "Changes asked for",
        [LedgerEvents.RiskReapprovalRequired.Name] = "Back for approval",
        [LedgerEvents.RiskActionDone.Name] = "Treatment action done",
        [LedgerEvents.RiskActionSnoozed.Name] = "Treatment action snoozed",
        [LedgerEvents.RiskClosed.Name] = "Risk closed",
        [LedgerEvents.NonconformityRaised.Name] = "Nonconformity raised",
        [LedgerEvents.NonconformityTriaged.Name] = "Nonconformity triaged",
        [LedgerEvents.NonconformityDeclined.Name] = "Declined: not a nonconformity",
        [LedgerEvents.NonconformityCorrected.Name] = "Correction and containment recorded",
        [LedgerEvents.NonconformityRootCause.Name] = "Root cause recorded",
        [LedgerEvents.NonconformityActionsPlanned.Name] = "Corrective actions recorded",
        [LedgerEvents.NonconformityActionDone.Name] = "Corrective action done",
        [LedgerEvents.NonconformityImplemented.Name] = "Corrective actions implemented",
        [LedgerEvents.NonconformityReviewed.Name] = "Effectiveness reviewed",
        [LedgerEvents.NonconformityClosed.Name] = "Nonconformity closed",
        [LedgerEvents.NonconformityReopened.Name] = "Nonconformity reopened",
        [LedgerEvents.RiskProposalAdopted.Name] = "Proposed risk taken up",
        [LedgerEvents.LedgerViewed.Name] = "Audit trail viewed",
        [LedgerEvents.LedgerVerified.Name] = "Ledger verified",
        [LedgerEvents.LedgerCheckpointed.Name] = "Ledger checkpoint",
        [LedgerEvents.AuditorQuery.Name] = "Auditor query",
    };

    public static string ActionInWords(string action) => ActionWords.GetValueOrDefault(action) ?? action;

    /// <summary>The events this card has words for (a test holds every definition to having them).</summary>
    public static IReadOnlyCollection<string> ActionsInWords => ActionWords.Keys;

    /// <summary>Builds the card with ever fewer items until it fits (one item always stays).</summary>
    private static (AdaptiveCard Card, int Kept) Fit(int count, bool hasMore, Func<int, AdaptiveCard> build)
    {
        var kept = count;
        while (true)
        {
            var card = build(kept);
            if (kept <= 1 || Encoding.UTF8.GetByteCount(card.ToJson()) <= MaxCardBytes)
            {
                return (card, kept);
            }

            kept--;
        }
    }

    private static AdaptiveCard Paged(List<CardElement> body, string? continuation, string verb, string endNote, string fallback)
    {
        var card = new AdaptiveCard { Body = body, FallbackText = fallback };
        if (continuation is not null)
        {
            card.Actions = [new ExecuteAction { Title = "More", Verb = verb, Data = new JsonObject { ["continuation"] = continuation } }];
        }
        else
        {
            body.Add(new TextBlock(endNote) { IsSubtle = true, Size = "Small" });
        }

        return card;
    }

    private static string Range(int shownBefore, int count, TimeZoneInfo zone, string noun = "Event") =>
        Invariant($"{(count == 1 ? $"{noun} {shownBefore + 1}" : $"{noun}s {shownBefore + 1}–{shownBefore + count}")}, oldest first. ") + (zone == TimeZoneInfo.Utc ? "Times in UTC." : $"Times in {zone.Id}.");

    private static Container EventContainer(LedgerEvent e, TimeZoneInfo zone, Func<string, string?> nameOf)
    {
        var who = nameOf(e.ActorId) ?? e.ActorId;
        var roles = Roles(e.ActorRole);
        var items = new List<CardElement>
        {
            When(e.OccurredAt, zone, $"**{Register.CardText.Md(ActionInWords(e.Action))}** by {Register.CardText.Md(who)}{(roles == "—" ? "" : $" ({roles})")}"),
        };
        var lines = ChangeSummary.Describe(e.Before, e.After, nameOf, zone);
        items.AddRange(lines.Select(line => new TextBlock(Line(line)) { Size = "Small", Spacing = "None" }));
        if (lines.Count == 0)
        {
            items.Add(new TextBlock(e.Before is null && e.After is null ? "No state recorded." : "No field changed.") { Size = "Small", IsSubtle = true, Spacing = "None" });
        }

        items.Add(new ActionSet { Actions = [new ShowCardAction { Title = Invariant($"Raw event #{e.Sequence}"), Card = RawEvent(e, zone) }] });
        return new Container { Items = items, Separator = true, Spacing = "Medium" };
    }

    /// <summary>An entry's first line: when (bold, as wide as it needs) and what, wrapping beside it.</summary>
    private static ColumnSet When(DateTimeOffset at, TimeZoneInfo zone, string what) => new()
    {
        Columns =
        [
            new Column { Width = "auto", Items = [new TextBlock(Local(at, zone)) { Weight = "Bolder", Size = "Small" }] },
            new Column { Width = "stretch", Items = [new TextBlock(what) { Size = "Small" }] },
        ],
    };

    private static Container DecisionContainer(SoaDecision d, TimeZoneInfo zone)
    {
        var decision = d.Included ? "**Included**" : "**Excluded**";
        var items = new List<CardElement>
        {
            When(d.DecidedAt, zone, $"**{d.ControlId}** {Register.CardText.Md(d.ControlTitle)} · {Register.CardText.Md(d.ScopeName)}"),
            new TextBlock($"{decision} by {Register.CardText.Md(d.DecidedBy)}{(string.IsNullOrWhiteSpace(d.Justification) ? "" : ": " + Register.CardText.Md(d.Justification))}") { Size = "Small", Spacing = "None" },
            new TextBlock(Invariant($"Ledger event #{d.Event.Sequence} ({ActionInWords(d.Event.Action)}), entity {d.Event.EntityId}")) { Size = "Small", IsSubtle = true, Spacing = "None" },
        };
        return new Container { Items = items, Separator = true, Spacing = "Medium" };
    }

    private static string Line(ChangeLine line)
    {
        var label = "**" + Register.CardText.Md(line.Label) + "**";
        return line.Before is null
            ? $"{label}: {Register.CardText.Md(line.After)}"
            : $"{label}: {Register.CardText.Md(line.Before)} → {Register.CardText.Md(line.After ?? ChangeSummary.Nothing)}";
    }

    /// <summary>The event as stored, every field on its own wrapping line (hashes and ids wrap rather than clip).</summary>
    private static AdaptiveCard RawEvent(LedgerEvent e, TimeZoneInfo zone)
    {
        var body = new List<CardElement>
        {
            Raw("Sequence", e.Sequence.ToString(CultureInfo.InvariantCulture)),
            Raw("Action", e.Action),
            Raw("Entity", $"{e.EntityType} {e.EntityId}"),
            Raw("Actor", e.ActorId),
            Raw("Role", e.ActorRole ?? "—"),
            Raw("Occurred", LedgerKeys.FormatInstant(e.OccurredAt) + (zone == TimeZoneInfo.Utc ? "" : $" ({Local(e.OccurredAt, zone)} {zone.Id})")),
            Raw("Activity", e.SourceActivityId ?? "—"),
            Raw("Previous hash", e.PreviousHash),
            Raw("Hash", e.Hash),
            Raw("Signed with", e.KeyId is null ? "not signed" : $"key {e.KeyId}, MAC {e.Mac}"),
            Raw("Before", RawJson(e.Before, e.Sequence)),
            Raw("After", RawJson(e.After, e.Sequence)),
        };
        return new AdaptiveCard { Body = body, Msteams = null };
    }

    private static TextBlock Raw(string label, string value) =>
        new($"**{label}**: {Register.CardText.Md(value)}") { Size = "Small", Spacing = "None" };

    private static string RawJson(string? json, long sequence) =>
        json is null ? "—"
            : json.Length <= MaxRawCharacters ? json
            : json[..MaxRawCharacters] + Invariant($" … ({json.Length:N0} characters in all: the whole event is row {LedgerKeys.Sequence(sequence)} of the Ledger table, and verify ledger checks it)");

    /// <summary>
    /// The result of <c>verify ledger</c>: a verdict, the sentence that explains it, and facts people can check —
    /// events checked, the first and last (sequence and time), the latest checkpoint and whether it matched, and
    /// the first broken link or missing range. Plain text blocks and facts only, so Teams wraps rather than clips.
    /// </summary>
    public static AdaptiveCard Verification(LedgerCheck check, DateTimeOffset checkedAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(check);
        var chain = check.Chain;
        var facts = new List<Fact>
        {
            new("Events checked", check.EventCount.ToString("N0", CultureInfo.InvariantCulture)),
        };
        if (chain.First is { } first)
        {
            facts.Add(new Fact("First event", Point(first, zone)));
        }

        if (chain.Last is { } last)
        {
            facts.Add(new Fact(check.IsIntact ? "Last event" : "Last intact event", Point(last, zone)));
        }

        facts.Add(new Fact("Checkpoint", Checkpoint(check, zone)));
        if (!check.IsIntact)
        {
            facts.Add(new Fact("First problem", Where(check) is { } where ? $"{where}: {Reason(check)}" : Reason(check)));
        }

        facts.Add(new Fact("Checked", Local(checkedAt, zone)));

        var unreadable = check.Problem == LedgerProblem.CheckpointUnreadable;
        var (title, color) = check.IsIntact ? ("Ledger verified: intact", "Good")
            : unreadable ? ("Ledger not fully verified", "Warning")
            : ("Ledger verification failed", "Attention");
        var note = check.IsIntact
            ? "Every event was re-hashed from the first one on, linked to the one before it and its signature (MAC) checked, and time never runs backwards. "
                + (check.Checkpoint is null
                    ? "Without a checkpoint, deleting the newest events together with the head would not show: the first checkpoint closes that."
                    : "The latest checkpoint, kept where the bot cannot change it, was found unchanged in the chain.")
            : unreadable
                ? "Nothing was changed. The chain itself is sound; only the comparison with the latest checkpoint is missing. Try again later."
                : "Nothing was changed. Keep the table and the checkpoints as they are and tell your compliance lead and security team: the events before the first problem are verified, the ones from it on cannot be trusted.";
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock(title) { Size = "Medium", Weight = "Bolder", Color = color },
                new TextBlock(check.Summary),
                new FactSet { Facts = facts },
                // The hash below the facts, not in them: a fact cannot wrap 64 hex digits and would push every fact
                // past the card's edge. People copy it to compare with a checkpoint, so it is shown whole.
                .. (check.IsIntact
                    ? new CardElement[]
                    {
                        new TextBlock("Last hash") { Weight = "Bolder", Spacing = "Small" },
                        new TextBlock(check.LastHash) { FontType = "Monospace", Size = "Small", Spacing = "None" },
                    }
                    : []),
                new TextBlock(note) { IsSubtle = true, Size = "Small" },
            ],
            FallbackText = check.IsIntact
                ? Invariant($"Ledger intact: {check.EventCount} events, last hash {check.LastHash}.")
                : Invariant($"Ledger verification failed at event {check.BrokenSequence}: {check.Summary}"),
        };
    }

    /// <summary>The latest checkpoint in words: whether the chain matched it, which event and when it was written.</summary>
    public static string Checkpoint(LedgerCheck check, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Problem == LedgerProblem.CheckpointUnreadable)
        {
            return "could not be read";
        }

        if (check.Checkpoint is not { } checkpoint)
        {
            return "none written yet (one is written daily, or say \"ledger checkpoint\")";
        }

        var of = Invariant($"event {checkpoint.Sequence}, written {Local(checkpoint.CreatedAt, zone)}");
        return check.Chain.CheckpointStatus switch
        {
            LedgerCheckpointStatus.Matched => "matched: " + of,
            LedgerCheckpointStatus.Missing => "the chain ends before it: " + of,
            LedgerCheckpointStatus.Mismatch => "does not match the chain: " + of,
            LedgerCheckpointStatus.NotSigned => "not validly signed: " + of,
            _ => "not reached (the chain breaks before it): " + of,
        };
    }

    public static string Reason(LedgerCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Problem switch
        {
            LedgerProblem.BrokenLink => check.Chain.FirstBreak?.Reason switch
            {
                LedgerBreakReason.HashMismatch => "edited after it was written",
                LedgerBreakReason.PreviousHashMismatch => "does not link to the event before it",
                LedgerBreakReason.SequenceGap => "missing or out of place",
                LedgerBreakReason.MacMissing => "not signed (no MAC)",
                LedgerBreakReason.UnknownKey => "signed with an unknown key",
                LedgerBreakReason.MacMismatch => "changed after it was signed (MAC does not match)",
                LedgerBreakReason.TimeWentBackwards => "dated before the event before it",
                _ => "broken link",
            },
            LedgerProblem.Truncated => "the newest events were deleted",
            LedgerProblem.HeadMismatch => "the newest events were rewritten and re-hashed",
            LedgerProblem.HeadMissing => "the ledger's head was deleted",
            LedgerProblem.WrittenPastHead => "written outside the ledger",
            LedgerProblem.ShorterThanCheckpoint => "missing (the ledger is shorter than its latest checkpoint)",
            LedgerProblem.CheckpointMismatch => "not the event the latest checkpoint attests",
            LedgerProblem.CheckpointNotSigned => "the latest checkpoint is not validly signed",
            LedgerProblem.CheckpointUnreadable => "the latest checkpoint could not be read",
            LedgerProblem.EmptyWhileRegisterHasData => "the ledger is empty while the register has data",
            _ => "intact",
        };
    }

    /// <summary>Which events the first problem is about ("event 7", "events 8 to 10"), or null when it is about none.</summary>
    private static string? Where(LedgerCheck check) => (check.Problem, check.BrokenSequence, check.Checkpoint) switch
    {
        (LedgerProblem.ShorterThanCheckpoint, { } from, { } checkpoint) when from < checkpoint.Sequence => Invariant($"events {from} to {checkpoint.Sequence}"),
        (LedgerProblem.Truncated, { } from, _) when check.Head is { } head && from < head.LastSequence => Invariant($"events {from} to {head.LastSequence}"),
        (LedgerProblem.CheckpointUnreadable or LedgerProblem.EmptyWhileRegisterHasData or LedgerProblem.CheckpointNotSigned, _, _) => null,
        (_, { } at, _) => Invariant($"event {at}"),
        _ => null,
    };

    private static string Point(LedgerPoint point, TimeZoneInfo zone) => Invariant($"#{point.Sequence}, {Local(point.OccurredAt, zone)}");

    /// <summary>Roles as recorded (<c>Auditor,ComplianceLead</c> or <c>none</c>), in words.</summary>
    public static string Roles(string? recorded)
    {
        if (string.IsNullOrWhiteSpace(recorded) || recorded == "none")
        {
            return "—";
        }

        return string.Join(", ", recorded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => Enum.TryParse<Role>(r, ignoreCase: false, out var role) ? RoleNames.Display(role) : r));
    }

    public static string Local(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (zone == TimeZoneInfo.Utc ? " UTC" : "");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
