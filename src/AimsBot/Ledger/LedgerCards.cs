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

    public static AdaptiveCard Verification(LedgerCheck check, DateTimeOffset checkedAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(check);
        var when = Local(checkedAt, zone);
        if (check.IsIntact)
        {
            return new AdaptiveCard
            {
                Body =
                [
                    new TextBlock("Ledger verified: intact") { Size = "Medium", Weight = "Bolder", Color = "Good" },
                    new TextBlock(check.Summary),
                    new FactSet
                    {
                        Facts =
                        [
                            new Fact("Events", check.EventCount.ToString("N0", CultureInfo.InvariantCulture)),
                            new Fact("Last hash", check.LastHash),
                            new Fact("Checked", when),
                        ],
                    },
                    new TextBlock("Every event was re-hashed from the first one on and linked to the one before it; the last one matches the ledger's head.") { IsSubtle = true, Size = "Small" },
                ],
                FallbackText = Invariant($"Ledger intact: {check.EventCount} events, last hash {check.LastHash}."),
            };
        }

        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Ledger verification failed") { Size = "Medium", Weight = "Bolder", Color = "Attention" },
                new TextBlock(check.Summary),
                new FactSet
                {
                    Facts =
                    [
                        new Fact("First broken link", Invariant($"event {check.BrokenSequence}")),
                        new Fact("Reason", Reason(check)),
                        new Fact("Intact before it", Invariant($"{check.EventCount:N0} events")),
                        new Fact("Checked", when),
                    ],
                },
                new TextBlock("Nothing was changed. Keep the table as it is and tell your compliance lead and security team: the events before the broken link are verified, the ones from it on cannot be trusted.") { IsSubtle = true, Size = "Small" },
            ],
            FallbackText = Invariant($"Ledger verification failed at event {check.BrokenSequence}: {check.Summary}"),
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
                _ => "broken link",
            },
            LedgerProblem.Truncated => "the newest events were deleted",
            LedgerProblem.HeadMismatch => "the newest events were rewritten and re-hashed",
            LedgerProblem.HeadMissing => "the ledger's head was deleted",
            LedgerProblem.WrittenPastHead => "written outside the ledger",
            _ => "intact",
        };
    }

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
