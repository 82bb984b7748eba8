using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Triggers;

/// <summary>
/// <c>system change &lt;name&gt; because &lt;reason&gt;</c> (the system's owner or a compliance lead: the domain decides
/// for the system named): records a significant change, so the system's approved impact assessment no longer
/// covers it — <c>assessments</c> shows it due now and <c>assess</c> starts the new version — records
/// <c>assessment.reassess.required</c>, and sends the owner the card that starts it.
/// </summary>
public sealed partial class SystemChangeCommand : IChatCommand
{
    public const string Name = "system change";
    public const string Usage = "system change <name> because <reason>";

    private readonly RegisterQueries _queries;
    private readonly SignificantChangeRepository _changes;
    private readonly ImpactAssessmentRepository _assessments;
    private readonly AssessmentCalls _calls;
    private readonly LedgerRecorder _ledger;
    private readonly RegisterOptions _register;
    private readonly TimeProvider _clock;

    public SystemChangeCommand(
        RegisterQueries queries,
        SignificantChangeRepository changes,
        ImpactAssessmentRepository assessments,
        AssessmentCalls calls,
        LedgerRecorder ledger,
        IOptions<RegisterOptions> register,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(register);
        _queries = queries;
        _changes = changes;
        _assessments = assessments;
        _calls = calls;
        _ledger = ledger;
        _register = register.Value;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var text = context.Arguments.Trim();
        var because = BecauseKeyword().Match(text);
        if (!because.Success)
        {
            return BotReply.FromText(text.Length == 0
                ? $"Which AI system changed, and how? Use: **{Usage}**, e.g. **system change Credit Scorer because it now also scores small-business loans**. Nothing was recorded."
                : $"Say what changed, after 'because': **{Usage}**. Nothing was recorded.");
        }

        var systemName = text[..because.Index].Trim();
        var reason = text[(because.Index + because.Length)..].Trim();
        if (systemName.Length == 0)
        {
            return BotReply.FromText($"Name the AI system before 'because': **{Usage}**. Nothing was recorded.");
        }

        var found = await _queries.FindSystemAsync(caller.TenantId, systemName, cancellationToken);
        if (!found.TryGetValue(out var stored))
        {
            return BotReply.FromText(found.ErrorMessage);
        }

        var system = stored.System;
        var raised = SignificantChange.Raise(system, caller.Actor, reason, _clock);
        if (!raised.TryGetValue(out var change))
        {
            return BotReply.FromText(raised.Errors.Any(e => e.Code.StartsWith("change.reason", StringComparison.Ordinal))
                ? $"{raised.ErrorMessage} Say what changed, e.g. **system change {system.Name} because it now also scores small-business loans**. Nothing was recorded."
                : $"{raised.ErrorMessage} Nothing was recorded.");
        }

        var latest = (await _assessments.GetLatestAsync(caller.TenantId, system.Id, cancellationToken))?.State;
        await _changes.SaveAsync(caller.TenantId, change, caller.Name, cancellationToken);
        var before = new JsonObject
        {
            ["assessment"] = latest is null ? "none" : $"v{latest.Version} {latest.Status}",
            ["nextDue"] = latest?.NextReassessmentDue?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        var after = new JsonObject { ["reassessment"] = "required", ["reason"] = change.Reason };
        await _ledger.RecordAsync(caller, LedgerEvents.ReassessmentRequired.About(system, before.ToJsonString(), after.ToJsonString()), context.Turn.Activity.Id, cancellationToken);

        var owner = OwnerIds.Display(system.OwnerUserId, stored.OwnerName);
        var call = new AssessmentCall(
            system.Id, system.Name, system.Stage, system.RiskTier, owner, AssessmentCallReason.Changed,
            DueOn: DueDateCalculator.LocalDate(change.RaisedAt, _register.OrganizationZone),
            ApprovedVersion: latest?.Status == AssessmentStatus.Approved ? latest.Version : null,
            ChangeReason: change.Reason,
            ChangedBy: caller.Name ?? "A compliance lead");
        var sent = await _calls.CallOwnerAsync(caller.TenantId, system.OwnerUserId, stored.OwnerName, call, AssessmentCalls.OwnerMessageId(caller.TenantId, call, change.RaisedAt), cancellationToken);

        var name = CardText.Md(system.Name);
        var standing = latest switch
        {
            null => $"{name} has no impact assessment yet; its first one has to cover the change.",
            { Status: AssessmentStatus.Approved } => $"Its approved impact assessment (version {latest.Version}) no longer covers it, so a new version is due now: **assess {name}** starts it from the approved answers.",
            _ => $"Its impact assessment in progress (version {latest.Version}) has to take the change into account: **assess {name}** opens it.",
        };
        var told = sent.Reached
            ? caller.Actor.Is(system.OwnerUserId) ? "I sent you the card to start it, too." : $"I sent its owner, {CardText.Md(owner)}, a card to start it."
            : $"Its owner, {CardText.Md(owner)}, can't get a card from me yet: {sent.Unreachable}";
        return BotReply.FromText($"Recorded a significant change to {name}: “{CardText.Md(change.Reason)}”. {standing} {told}");
    }

    [GeneratedRegex(@"(^|\s)because(\s+|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex BecauseKeyword();
}
