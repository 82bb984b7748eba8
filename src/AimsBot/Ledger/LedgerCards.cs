using System.Globalization;
using AimsBot.Access;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;
using AimsBot.Teams.Cards;

namespace AimsBot.Ledger;

/// <summary>The cards of the ledger workflow: an entity's history, and the result of verifying the chain.</summary>
public static class LedgerCards
{
    /// <summary>Teams refuses messages much over 28 KB; the history card stays under this many characters of JSON.</summary>
    public const int MaxCardJsonLength = 24_000;

    /// <summary>
    /// An entity's history as a table, newest last. Rows are dropped from the oldest end until the card fits a
    /// Teams message; the note says how many of how many are shown.
    /// </summary>
    public static AdaptiveCard History(string entityId, EntityHistory history, TimeZoneInfo zone, Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(nameOf);
        var rows = history.Events.Select(e => Row(e, zone, nameOf)).ToList();
        var card = HistoryCard(entityId, rows, history.TotalCount, zone);
        while (rows.Count > 1 && card.ToJson().Length > MaxCardJsonLength)
        {
            rows.RemoveAt(0);
            card = HistoryCard(entityId, rows, history.TotalCount, zone);
        }

        return card;
    }

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
        else
        {
            facts.Add(new Fact("Last hash", check.LastHash));
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

    private static AdaptiveCard HistoryCard(string entityId, List<TableRow> rows, int total, TimeZoneInfo zone)
    {
        var header = new TableRow
        {
            Style = "accent",
            Cells = [Cell("When", bold: true), Cell("Who", bold: true), Cell("Role", bold: true), Cell("Action", bold: true), Cell("Before → after", bold: true)],
        };
        var body = new List<CardElement>
        {
            new TextBlock("History of " + entityId) { Size = "Medium", Weight = "Bolder" },
            new CardTable
            {
                Columns = [new() { Width = 2 }, new() { Width = 2 }, new() { Width = 2 }, new() { Width = 2 }, new() { Width = 4 }],
                Rows = [header, .. rows],
                FirstRowAsHeader = true,
                ShowGridLines = true,
            },
        };
        var shown = rows.Count;
        var note = shown < total
            ? Invariant($"Showing the newest {shown} of {total} events, oldest first. The ledger keeps all of them.")
            : Invariant($"{total} {(total == 1 ? "event" : "events")}, oldest first.");
        var zoneNote = zone == TimeZoneInfo.Utc ? "Times in UTC." : $"Times in {zone.Id}.";
        body.Add(new TextBlock($"{note} {zoneNote}") { IsSubtle = true, Size = "Small" });
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = Invariant($"History of {entityId}: {total} events."),
        };
    }

    private static TableRow Row(LedgerEvent e, TimeZoneInfo zone, Func<string, string> nameOf) => new()
    {
        Cells =
        [
            Cell(Local(e.OccurredAt, zone)),
            Cell(nameOf(e.ActorId)),
            Cell(Roles(e.ActorRole)),
            Cell(e.Action),
            Cell(ChangeSummary.Describe(e.Before, e.After)),
        ],
    };

    private static TableCell Cell(string text, bool bold = false) => new()
    {
        Items = [new TextBlock(text) { Size = "Small", Weight = bold ? "Bolder" : null }],
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
