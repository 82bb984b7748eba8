using System.Globalization;
using System.Text.RegularExpressions;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Reports;

/// <summary>What <c>assessments</c> shows the caller: the rows they may see, and whether that is only part of the register.</summary>
public sealed record AssessmentList(IReadOnlyList<AssessmentListRow> Rows, int SystemsInRegister, bool OnlyOwn);

/// <summary>
/// The read side of impact assessment reports: finds the system and version a person named, checks they may read it
/// (<see cref="DomainAction.ViewImpactAssessments"/> on that assessment), restores it with the questionnaire version it
/// answers, and puts names to the people in it. Used by <c>assessment</c>, <c>assessments</c> and the DOCX export.
/// </summary>
public sealed partial class AssessmentReportQueries
{
    /// <summary>Ledger events read per page when the export collects an assessment's history.</summary>
    private const int LedgerPageSize = 200;

    private readonly RegisterQueries _register;
    private readonly AiSystemRepository _systems;
    private readonly ImpactAssessmentRepository _assessments;
    private readonly SignificantChangeRepository _changes;
    private readonly QuestionnaireCatalog _questionnaires;
    private readonly UserLookup _users;
    private readonly ILedgerAudit _ledger;
    private readonly IOptions<AssessmentOptions> _options;
    private readonly IOptions<RegisterOptions> _registerOptions;
    private readonly TimeProvider _clock;

    public AssessmentReportQueries(
        RegisterQueries register,
        AiSystemRepository systems,
        ImpactAssessmentRepository assessments,
        SignificantChangeRepository changes,
        QuestionnaireCatalog questionnaires,
        UserLookup users,
        ILedgerAudit ledger,
        IOptions<AssessmentOptions> options,
        IOptions<RegisterOptions> registerOptions,
        TimeProvider clock)
    {
        _register = register;
        _systems = systems;
        _assessments = assessments;
        _changes = changes;
        _questionnaires = questionnaires;
        _users = users;
        _ledger = ledger;
        _options = options;
        _registerOptions = registerOptions;
        _clock = clock;
    }

    /// <summary>
    /// The report of <c>&lt;system&gt; [version]</c> (the latest version without one) for <paramref name="caller"/>, with
    /// the assessment's ledger events when <paramref name="withLedger"/> (the export; the card does not show them).
    /// A failure is a sentence for the person: no such system or version, no assessment yet, not theirs to read.
    /// </summary>
    public async Task<Result<AssessmentReport>> ReportAsync(Caller caller, string arguments, bool withLedger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var tenant = caller.TenantId;
        var target = await FindAsync(tenant, arguments, cancellationToken);
        if (!target.TryGetValue(out var found))
        {
            return Result.Failure<AssessmentReport>(target.Errors);
        }

        var (stored, version) = found;
        var system = stored.System;
        var state = version is { } v
            ? (await _assessments.GetAsync(tenant, system.Id, v, cancellationToken))?.State
            : (await _assessments.GetLatestAsync(tenant, system.Id, cancellationToken))?.State;
        if (state is null)
        {
            // Whether a system has an assessment is only for those who could read it.
            if (Refusal(caller, ResourceContext.ImpactAssessment(system.OwnerUserId, null, [])) is { } refused)
            {
                return Result.Failure<AssessmentReport>(refused);
            }

            if (version is null)
            {
                return Result.Failure<AssessmentReport>(new DomainError(
                    "assessment.none",
                    $"{system.Name} has no impact assessment yet. Its owner or a compliance lead starts one with **assess {system.Name}**.",
                    "system"));
            }

            var latest = await _assessments.GetLatestAsync(tenant, system.Id, cancellationToken);
            return Result.Failure<AssessmentReport>(new DomainError(
                "assessment.version.unknown",
                latest is null
                    ? string.Create(CultureInfo.InvariantCulture, $"{system.Name} has no impact assessment yet, so there is no version {version}. Its owner or a compliance lead starts one with **assess {system.Name}**.")
                    : string.Create(CultureInfo.InvariantCulture, $"{system.Name} has no version {version} of its impact assessment: the versions are 1 to {latest.State.Version}. Say **assessment {system.Name}** for the latest."),
                "version"));
        }

        var participants = state.AskedContributors.Values.Concat(state.AnsweredBy.Values.SelectMany(p => p)).ToList();
        if (Refusal(caller, ResourceContext.ImpactAssessment(system.OwnerUserId, state.AssessorUserId, participants)) is { } notYours)
        {
            return Result.Failure<AssessmentReport>(notYours);
        }

        var key = $"{state.QuestionnaireId}@{state.QuestionnaireVersion}";
        if (await _questionnaires.GetAsync(tenant, key, cancellationToken) is not { } questionnaire)
        {
            return Result.Failure<AssessmentReport>(new DomainError(
                "assessment.questionnaire.unknown",
                string.Create(CultureInfo.InvariantCulture, $"Version {state.Version} of {system.Name}'s impact assessment answers the questionnaire {key}, which I no longer have, so I can't show it. Ask a compliance lead to load that questionnaire version again.")));
        }

        var restored = ImpactAssessment.Restore(state, questionnaire);
        if (!restored.TryGetValue(out var assessment))
        {
            return Result.Failure<AssessmentReport>(new DomainError(
                "assessment.unreadable",
                string.Create(CultureInfo.InvariantCulture, $"Version {state.Version} of {system.Name}'s impact assessment could not be read back ({restored.ErrorMessage}). Nothing was changed; tell your administrator.")));
        }

        var events = withLedger ? await LedgerEventsAsync(tenant, ImpactAssessmentRef.Of(assessment), cancellationToken) : [];
        var people = new[] { assessment.AssessorUserId }
            .Concat(assessment.Participants)
            .Concat(assessment.Decisions.Select(d => d.DecidedBy))
            .Concat(events.Select(e => e.ActorId));
        var names = await NamesAsync(tenant, people, cancellationToken);
        var options = _options.Value;
        // A significant change concerns the latest version only: an older one was replaced anyway.
        var latestVersion = version is null ? state.Version : (await _assessments.GetLatestAsync(tenant, system.Id, cancellationToken))?.State.Version;
        var change = latestVersion == state.Version ? (await _changes.GetAsync(tenant, system.Id, cancellationToken))?.Change : null;
        return Result.Success(AssessmentReport.Build(
            assessment,
            system,
            stored.OwnerName,
            id => names.GetValueOrDefault(id),
            options.Scoring,
            events,
            options.DueWarningDays,
            _registerOptions.Value.OrganizationZone,
            _clock,
            change));
    }

    /// <summary>
    /// <c>assessments</c>: every AI system in the register with its latest assessment's standing, from one read of the
    /// register and one of the assessments' list columns. Leads, auditors, risk approvers and admins see every
    /// system; anyone else the systems they own or assess.
    /// </summary>
    public async Task<AssessmentList> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var tenant = caller.TenantId;
        var systemsTask = _systems.ListAsync(tenant, cancellationToken);
        var latestTask = _assessments.ListLatestAsync(tenant, cancellationToken);
        var changesTask = _changes.ListAsync(tenant, cancellationToken);
        var systems = await systemsTask;
        var latest = (await latestTask).ToDictionary(a => a.State.SystemId, a => a.State, StringComparer.Ordinal);
        var changes = await changesTask;

        var everything = Permissions.Can(caller.Actor, DomainAction.ViewImpactAssessments, ResourceContext.None).IsAllowed;
        var visible = systems
            .Select(s => (Stored: s, State: latest.GetValueOrDefault(s.System.Id)))
            .Where(x => everything || Permissions.Can(
                caller.Actor,
                DomainAction.ViewImpactAssessments,
                ResourceContext.ImpactAssessment(x.Stored.System.OwnerUserId, x.State?.AssessorUserId, [])).IsAllowed)
            .ToList();

        var names = await NamesAsync(tenant, visible.Where(x => x.State is not null).Select(x => x.State!.AssessorUserId), cancellationToken);
        var options = _options.Value;
        var today = DueDateCalculator.LocalDate(_clock.GetUtcNow(), _registerOptions.Value.OrganizationZone);
        var zone = _registerOptions.Value.OrganizationZone;
        var rows = visible.Select(x =>
            {
                // The same rule as the due scan's: a significant change not yet answered makes an approved assessment due now.
                var due = AssessmentDue.Of(x.State, changes.GetValueOrDefault(x.Stored.System.Id)?.Change, today, options.DueWarningDays, zone);
                return new AssessmentListRow(
                    x.Stored.System.Name,
                    x.Stored.System.Id,
                    due.Standing,
                    x.State?.Version,
                    x.State?.ApprovedLevel,
                    due.DueOn ?? x.State?.NextReassessmentDue,
                    x.State is { } state ? OwnerIds.Display(state.AssessorUserId, names.GetValueOrDefault(state.AssessorUserId)) : null);
            })
            .ToList();
        return new AssessmentList(rows, systems.Count, !everything);
    }

    /// <summary><c>&lt;system&gt; [version]</c>: a trailing <c>v2</c>, <c>version 2</c> or <c>2</c> is the version, unless the whole text names a system.</summary>
    private async Task<Result<(StoredAiSystem System, int? Version)>> FindAsync(string tenant, string arguments, CancellationToken cancellationToken)
    {
        var text = (arguments ?? "").Trim();
        var match = TrailingVersion().Match(text);
        if (match.Success && match.Index > 0)
        {
            // A system may be called "Scorer 2": the whole text as a name wins over a version.
            var whole = await _register.FindSystemAsync(tenant, text, cancellationToken);
            if (whole.IsSuccess)
            {
                return Result.Success<(StoredAiSystem, int?)>((whole.Value, null));
            }

            if (!int.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                return Result.Failure<(StoredAiSystem, int?)>(new DomainError("assessment.version.invalid", "A version is a whole number from 1, e.g. **assessment Credit Scorer 2**.", "version"));
            }

            var named = await _register.FindSystemAsync(tenant, text[..match.Index], cancellationToken);
            return named.Map(s => (s, (int?)version));
        }

        var system = await _register.FindSystemAsync(tenant, text, cancellationToken);
        return system.Map(s => (s, (int?)null));
    }

    private async Task<IReadOnlyList<LedgerEvent>> LedgerEventsAsync(string tenant, ImpactAssessmentRef assessment, CancellationToken cancellationToken)
    {
        var entity = LedgerEntityKinds.ImpactAssessment.IdOf(assessment);
        var events = new List<LedgerEvent>();
        long after = 0;
        while (true)
        {
            // The entity index, a page at a time: the history of one assessment, never the whole chain.
            var page = await _ledger.EntityPageAsync(tenant, entity, after, LedgerPageSize, cancellationToken);
            events.AddRange(page.Events);
            if (!page.HasMore || page.Events.Count == 0)
            {
                return events;
            }

            after = page.Events[^1].Sequence;
        }
    }

    private async Task<Dictionary<string, string>> NamesAsync(string tenant, IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in userIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (id.StartsWith("system:", StringComparison.Ordinal))
            {
                names[id] = "the bot (" + id["system:".Length..] + ")";
            }
            else if (!OwnerIds.IsPending(id) && (await _users.GetAsync(tenant, id, cancellationToken))?.Name is { Length: > 0 } name)
            {
                names[id] = name;
            }
        }

        return names;
    }

    private static DomainError? Refusal(Caller caller, ResourceContext resource) =>
        Permissions.Can(caller.Actor, DomainAction.ViewImpactAssessments, resource).ToError();

    [GeneratedRegex(@"\s+(?:v|version\s*)?(?<number>\d{1,6})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingVersion();
}
