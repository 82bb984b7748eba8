using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Triggers;

/// <summary>
/// The impact assessments' part when the register adds or changes AI systems (<c>system add</c>, <c>import</c>):
/// <list type="bullet">
/// <item>a new system's owner gets a card asking them to assess it (once in the system's life: the due scan uses the
/// same outbox id for a system it finds unassessed in use);</item>
/// <item>a system that goes into deployment or operation (added there, or moved there) without an approved impact
/// assessment is still saved, but the answer warns about it; a move of a system already in the register is recorded
/// in the ledger as <c>register.system.stage.unassessed</c> (a system added in use has its stage in its own
/// <c>register.system.add</c> event).</item>
/// </list>
/// </summary>
public sealed partial class NewSystemFollowUp : ISystemChangeFollowUp
{
    /// <summary>An answer names this many systems at most, and counts the rest.</summary>
    private const int MaxNamed = 10;

    private readonly IServiceProvider _services;
    private readonly ImpactAssessmentRepository _assessments;
    private readonly LedgerRecorder _ledger;
    private readonly ILogger<NewSystemFollowUp> _logger;

    public NewSystemFollowUp(IServiceProvider services, ImpactAssessmentRepository assessments, LedgerRecorder ledger, ILogger<NewSystemFollowUp> logger)
    {
        _services = services;
        _assessments = assessments;
        _ledger = ledger;
        _logger = logger;
    }

    /// <summary>The stages in which a system is in use, and so must have an approved impact assessment.</summary>
    public static bool InUse(LifecycleStage stage) => stage is LifecycleStage.Deployment or LifecycleStage.Operation;

    /// <summary>Whether some version of the assessment was approved: the latest is, or a later version was started (only an approval allows one).</summary>
    public static bool HasApproved(ImpactAssessmentState? latest) => latest is not null && (latest.Status == AssessmentStatus.Approved || latest.Version > 1);

    public async Task<IReadOnlyList<FollowUpNote>> AfterChangeAsync(Caller caller, IReadOnlyList<SystemChanged> changes, bool repeat, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(changes);
        var notes = new List<FollowUpNote>();
        var live = changes.Where(c => c.After.Status != SystemStatus.Retired).ToList();

        // Into use: only read the assessments when some system went there (one partition scan however many did).
        var goingLive = live.Where(c => InUse(c.After.Stage) && (c.Before is null || !InUse(c.Before.Stage))).ToList();
        if (goingLive.Count > 0)
        {
            var latest = goingLive.All(c => c.Before is null)
                ? new Dictionary<string, ImpactAssessmentState>(StringComparer.Ordinal)
                : (await _assessments.ListLatestAsync(caller.TenantId, cancellationToken)).ToDictionary(a => a.State.SystemId, a => a.State, StringComparer.Ordinal);
            var unassessed = goingLive.Where(c => !HasApproved(latest.GetValueOrDefault(c.After.Id))).ToList();
            if (unassessed.Count > 0)
            {
                // A move is recorded; a system added in use has its stage in its own register.system.add event.
                var moved = unassessed.Where(c => c.Before is not null).ToList();
                if (!repeat && moved.Count > 0)
                {
                    var records = moved.Select(c => LedgerEvents.StageUnassessed.About(
                        c.After,
                        new JsonObject { ["stage"] = c.Before?.Stage.ToString() }.ToJsonString(),
                        new JsonObject { ["stage"] = c.After.Stage.ToString(), ["assessment"] = latest.GetValueOrDefault(c.After.Id)?.Status.ToString() ?? "none" }.ToJsonString())).ToList();
                    await _ledger.RecordAllAsync(caller, records, sourceActivityId, cancellationToken);
                }

                notes.Add(new FollowUpNote(UnassessedWarning(unassessed), Warning: true));
            }
        }

        // New systems: ask each owner to start its assessment.
        var added = live.Where(c => c.Before is null).ToList();
        var calls = added.Count > 0 ? Calls() : null;
        if (added.Count > 0 && calls is null)
        {
            notes.Add(new FollowUpNote("I can't send cards from here (the bot's identity is not configured), so the owners of the new systems were not asked to assess them: they can say **assess ‹system›**, and the daily scan asks the owners of those in deployment or operation.", Warning: false));
            return notes;
        }

        var asked = new List<string>();
        var notAsked = new List<(string System, string Owner, string Why)>();
        foreach (var change in added)
        {
            var system = change.After;
            var owner = OwnerIds.Display(system.OwnerUserId, change.OwnerName);
            var call = new AssessmentCall(system.Id, system.Name, system.Stage, system.RiskTier, owner, AssessmentCallReason.NewSystem);
            var outcome = await calls!.CallOwnerAsync(caller.TenantId, system.OwnerUserId, change.OwnerName, call, AssessmentCalls.OwnerMessageId(caller.TenantId, call), cancellationToken);
            if (outcome.Reached)
            {
                asked.Add(owner);
            }
            else
            {
                notAsked.Add((system.Name, owner, outcome.Unreachable!));
            }
        }

        if (added.Count == 1)
        {
            var name = CardText.Md(added[0].After.Name);
            notes.Add(asked.Count == 1
                ? new FollowUpNote($"I sent {CardText.Md(asked[0])} a card to start the impact assessment of {name}.", Warning: false)
                : new FollowUpNote($"{CardText.Md(notAsked[0].Owner)} can't get a card from me yet: {notAsked[0].Why} They can say **assess {name}** to start its impact assessment.", Warning: false));
        }
        else if (added.Count > 1)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"I sent the owners of {asked.Count} of the {added.Count} new systems a card to start their impact assessments.");
            if (notAsked.Count > 0)
            {
                text += " Not reached yet: " + Named(notAsked.Select(n => $"{CardText.Md(n.System)} ({CardText.Md(n.Owner)})").ToList()) + "; the daily scan tries again for those in use.";
            }

            notes.Add(new FollowUpNote(text, Warning: false));
        }

        return notes;
    }

    /// <summary>
    /// Who sends the cards, or null where no one can be reached: the host's <c>import</c> sub-command builds the bot's
    /// services without its Teams identity, so the parts that reach people do not start there (the rest still runs).
    /// </summary>
    private AssessmentCalls? Calls()
    {
        try
        {
            return _services.GetRequiredService<AssessmentCalls>();
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            LogNoCards(_logger, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "New AI systems' owners were not sent the impact assessment card: {Reason}")]
    private static partial void LogNoCards(ILogger logger, string reason);

    private static string UnassessedWarning(List<SystemChanged> unassessed)
    {
        if (unassessed.Count == 1)
        {
            var system = unassessed[0].After;
            var name = CardText.Md(system.Name);
            return $"{name} has no approved impact assessment. It is saved in {CardText.Stage(system.Stage).ToLowerInvariant()} all the same; its owner or a compliance lead starts one by saying **assess {name}**.";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{unassessed.Count} systems in deployment or operation have no approved impact assessment: ")
            + Named(unassessed.Select(c => CardText.Md(c.After.Name)).ToList())
            + ". They are saved all the same; their owners or a compliance lead start each by saying **assess ‹system›**.";
    }

    private static string Named(List<string> names) =>
        names.Count <= MaxNamed
            ? string.Join(", ", names)
            : string.Join(", ", names.Take(MaxNamed)) + string.Create(CultureInfo.InvariantCulture, $" and {names.Count - MaxNamed} more");
}
