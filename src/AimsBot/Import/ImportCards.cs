using System.Globalization;
using System.Text;
using AimsBot.Teams.Cards;

namespace AimsBot.Import;

/// <summary>
/// How an import's outcome is shown: a card in chat (<see cref="Outcome"/>) and plain text for the host's
/// sub-command (<see cref="Text"/>). Both list at most <see cref="ImportOptions.MaxReportedProblems"/> problems
/// and count the rest.
/// </summary>
public static class ImportCards
{
    /// <summary>Teams refuses messages much over 28 KB; the report drops problems until its JSON is under this.</summary>
    public const int MaxCardJsonLength = 24_000;

    /// <summary>The card for any outcome: the validation report, the changes made (or that a dry run would make), or why nothing changed.</summary>
    public static AdaptiveCard Outcome(ImportOutcome outcome, int maxProblems = 50)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == ImportStatus.Invalid)
        {
            var shown = Math.Min(outcome.Problems.Count, maxProblems);
            var card = Report(outcome, shown);
            while (shown > 1 && card.ToJson().Length > MaxCardJsonLength)
            {
                shown = Math.Max(1, shown * 3 / 4);
                card = Report(outcome, shown);
            }

            return card;
        }

        var (title, color) = Title(outcome);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = "Medium", Weight = "Bolder", Color = color },
            new TextBlock(Lead(outcome)),
        };
        if (outcome.Status is ImportStatus.Applied or ImportStatus.Checked)
        {
            body.Add(new FactSet { Facts = Facts(outcome.Changes) });
        }

        body.AddRange(Register.SystemChangeFollowUps.Show(outcome.Notes));
        if (outcome.ImportId is { } id && outcome.Status == ImportStatus.Applied)
        {
            body.Add(new TextBlock($"Say **ledger {id}** for the import's record in the audit trail.") { IsSubtle = true, Size = "Small" });
        }

        return new AdaptiveCard { Body = body, FallbackText = Text(outcome, maxProblems) };
    }

    /// <summary>The outcome as plain text (the CLI prints this).</summary>
    public static string Text(ImportOutcome outcome, int maxProblems = 50)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = new StringBuilder();
        text.AppendLine(Title(outcome).Title);
        text.AppendLine(Lead(outcome));
        if (outcome.Status == ImportStatus.Invalid)
        {
            foreach (var problem in outcome.Problems.Take(maxProblems))
            {
                text.AppendLine("  " + problem);
            }

            if (outcome.Problems.Count > maxProblems)
            {
                text.AppendLine(Invariant($"  … and {outcome.Problems.Count - maxProblems} more problems."));
            }
        }
        else if (outcome.Status is ImportStatus.Applied or ImportStatus.Checked)
        {
            foreach (var fact in Facts(outcome.Changes))
            {
                text.Append("  ").Append(fact.Title).Append(": ").AppendLine(fact.Value);
            }

            foreach (var note in outcome.Notes)
            {
                text.AppendLine((note.Warning ? "Warning: " : "") + note.Text.Replace("**", "", StringComparison.Ordinal));
            }
        }

        return text.ToString().TrimEnd();
    }

    private static AdaptiveCard Report(ImportOutcome outcome, int shown)
    {
        var header = new TableRow
        {
            Style = "accent",
            Cells = [Cell("Row", bold: true), Cell("Column", bold: true), Cell("Problem", bold: true)],
        };
        var rows = outcome.Problems.Take(shown).Select(p => new TableRow
        {
            Cells = [Cell(p.Row?.ToString(CultureInfo.InvariantCulture) ?? "—"), Cell(p.Column ?? "—"), Cell(p.Message)],
        });
        List<TableRow> table = [header, .. rows];
        var body = new List<CardElement>
        {
            new TextBlock(Title(outcome).Title) { Size = "Medium", Weight = "Bolder", Color = "Attention" },
            new TextBlock(Lead(outcome)),
            new CardTable
            {
                Columns = TableLayout.FitColumns(table),
                Rows = table,
                FirstRowAsHeader = true,
                ShowGridLines = true,
            },
        };
        if (outcome.Problems.Count > shown)
        {
            body.Add(new TextBlock(Invariant($"Showing the first {shown} of {outcome.Problems.Count} problems. Fix these and send the file again to see the rest.")) { IsSubtle = true, Size = "Small" });
        }

        return new AdaptiveCard
        {
            Body = body,
            FallbackText = Invariant($"{outcome.FileName}: {outcome.Problems.Count} problems; nothing was imported."),
        };
    }

    private static (string Title, string? Color) Title(ImportOutcome outcome) => outcome.Status switch
    {
        ImportStatus.Invalid => ($"{outcome.FileName}: nothing imported", "Attention"),
        ImportStatus.NoChanges => ($"{outcome.FileName}: no changes", null),
        ImportStatus.Checked => ($"{outcome.FileName}: ready to import", "Good"),
        ImportStatus.Applied => ($"{outcome.FileName}: imported", "Good"),
        _ => ($"{outcome.FileName}: nothing imported", "Attention"),
    };

    private static string Lead(ImportOutcome outcome) => outcome.Status switch
    {
        ImportStatus.Invalid when outcome.Rows == 0 && outcome.Problems.Count == 1 => outcome.Problems[0].Row is null
            ? outcome.Problems[0].Message + " Nothing was written."
            : Invariant($"The file has a problem, so I wrote nothing:"),
        ImportStatus.Invalid => Invariant($"The file has {Plural(outcome.Problems.Count, "problem")}, so I wrote nothing. Fix them and send it again:"),
        ImportStatus.NoChanges => Invariant($"The register already says what the file says ({Plural(outcome.Rows, "row")} checked). Nothing was written."),
        ImportStatus.Checked => Invariant($"{Plural(outcome.Rows, "row")} checked, no problems. Importing the file would make these changes (nothing was written yet):"),
        ImportStatus.Applied => outcome.Failure is null
            ? Invariant($"{Plural(outcome.Rows, "row")} checked; these changes were written, each once, and recorded in the audit trail:")
            : Invariant($"{Plural(outcome.Rows, "row")} checked; these changes were written. {outcome.Failure}"),
        _ => outcome.Failure ?? "Nothing was written.",
    };

    private static List<Fact> Facts(ImportCounts counts) =>
    [
        new("AI systems added", counts.SystemsAdded.ToString(CultureInfo.InvariantCulture)),
        new("AI systems changed", counts.SystemsUpdated.ToString(CultureInfo.InvariantCulture)),
        new("Controls added", counts.ControlsAdded.ToString(CultureInfo.InvariantCulture)),
        new("Controls changed", counts.ControlsUpdated.ToString(CultureInfo.InvariantCulture)),
    ];

    private static string Plural(int count, string word) => Invariant($"{count} {word}{(count == 1 ? "" : "s")}");

    private static TableCell Cell(string text, bool bold = false) => new()
    {
        Items = [new TextBlock(text) { Size = "Small", Weight = bold ? "Bolder" : null }],
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
