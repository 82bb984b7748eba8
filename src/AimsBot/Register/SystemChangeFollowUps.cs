using AimsBot.Commands;
using AimsBot.Domain.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Register;

/// <summary>An AI system the register just added (<paramref name="Before"/> null) or changed, as it is now.</summary>
public sealed record SystemChanged(AiSystem? Before, AiSystem After, string? OwnerName);

/// <summary>A line another workflow adds to the register's answer (a warning is shown as one).</summary>
public sealed record FollowUpNote(string Text, bool Warning);

/// <summary>
/// What another workflow does after the register adds or changes AI systems (<c>system add</c>, <c>import</c>) — the
/// impact assessments ask a new system's owner to assess it, and warn when a system goes into use unassessed — so the
/// register needs to know nothing of them. Runs after the register's rows and ledger events are written.
/// </summary>
public interface ISystemChangeFollowUp
{
    /// <param name="repeat">The same submission again (a double click, a retry): do what is idempotent, record nothing twice.</param>
    Task<IReadOnlyList<FollowUpNote>> AfterChangeAsync(Caller caller, IReadOnlyList<SystemChanged> changes, bool repeat, string? sourceActivityId, CancellationToken cancellationToken);
}

/// <summary>Runs every registered <see cref="ISystemChangeFollowUp"/>: the register's change stands whatever they do, so a failing one is logged, not thrown.</summary>
public sealed partial class SystemChangeFollowUps
{
    private readonly IEnumerable<ISystemChangeFollowUp> _followUps;
    private readonly ILogger<SystemChangeFollowUps> _logger;

    public SystemChangeFollowUps(IEnumerable<ISystemChangeFollowUp> followUps, ILogger<SystemChangeFollowUps> logger)
    {
        _followUps = followUps;
        _logger = logger;
    }

    public async Task<IReadOnlyList<FollowUpNote>> RunAsync(Caller caller, IReadOnlyList<SystemChanged> changes, bool repeat, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var notes = new List<FollowUpNote>();
        if (changes.Count == 0)
        {
            return notes;
        }

        foreach (var followUp in _followUps)
        {
            try
            {
                notes.AddRange(await followUp.AfterChangeAsync(caller, changes, repeat, sourceActivityId, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowUpFailed(_logger, followUp.GetType().Name, ex);
            }
        }

        return notes;
    }

    /// <summary>The notes as card text, warnings first.</summary>
    public static IEnumerable<CardElement> Show(IReadOnlyList<FollowUpNote> notes) =>
        (notes ?? []).OrderByDescending(n => n.Warning).Select(n => (CardElement)new TextBlock(n.Text)
        {
            Color = n.Warning ? "Warning" : null,
            Weight = n.Warning ? "Bolder" : null,
            Spacing = "Medium",
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "{FollowUp} failed after a register change; the change stands")]
    private static partial void LogFollowUpFailed(ILogger logger, string followUp, Exception exception);
}
