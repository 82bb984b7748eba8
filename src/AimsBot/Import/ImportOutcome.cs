using AimsBot.Commands;

namespace AimsBot.Import;

/// <summary>A file to import, who imports it, and whether only to check it.</summary>
/// <param name="SourceActivityId">The chat message that brought the file, or the CLI's run id: every ledger event of the import carries it.</param>
public sealed record ImportRequest(Caller Caller, string FileName, byte[] Content, bool DryRun, string? SourceActivityId);

/// <summary>One problem with the file, where it is (the row and column a spreadsheet shows) and what is wrong.</summary>
public sealed record ImportProblem(int? Row, string? Column, string Message)
{
    public override string ToString() =>
        Row is null ? Message : Column is null ? $"Row {Row}: {Message}" : $"Row {Row}, {Column}: {Message}";
}

public enum ImportStatus
{
    /// <summary>The file has problems; nothing was written.</summary>
    Invalid,

    /// <summary>The register already says what the file says; nothing was written.</summary>
    NoChanges,

    /// <summary>A dry run: the file is valid and these changes would be made; nothing was written.</summary>
    Checked,

    /// <summary>Every change was written (once) and recorded in the ledger.</summary>
    Applied,

    /// <summary>Writing failed part-way; what was written was put back, so nothing changed.</summary>
    Failed,
}

/// <summary>What an import changes (or would change).</summary>
public sealed record ImportCounts(int SystemsAdded, int SystemsUpdated, int ControlsAdded, int ControlsUpdated)
{
    public static ImportCounts None { get; } = new(0, 0, 0, 0);

    public int Total => SystemsAdded + SystemsUpdated + ControlsAdded + ControlsUpdated;
}

/// <summary>The result of an import, for the card in chat and the text of the CLI.</summary>
public sealed record ImportOutcome(
    ImportStatus Status,
    string FileName,
    int Rows,
    IReadOnlyList<ImportProblem> Problems,
    ImportCounts Changes,
    string? ImportId = null,
    string? Failure = null)
{
    /// <summary>What other workflows add once the import is written (e.g. systems that went into use without an approved impact assessment).</summary>
    public IReadOnlyList<Register.FollowUpNote> Notes { get; init; } = [];

    public static ImportOutcome Refused(string fileName, string message) =>
        new(ImportStatus.Invalid, fileName, 0, [new ImportProblem(null, null, message)], ImportCounts.None);
}
