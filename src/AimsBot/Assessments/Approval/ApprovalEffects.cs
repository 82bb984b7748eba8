using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Approval;

/// <summary>What an approval caused: the evidence records it added and the risks it proposed.</summary>
public sealed record ApprovalOutcome(IReadOnlyList<string> EvidenceControls, IReadOnlyList<ProposedRiskRow> ProposedRisks, IReadOnlyList<string> Problems);

/// <summary>
/// What an approval does besides the decision itself (docs/domain.md, "What approval does"): evidence on A.5.2–A.5.5
/// for the system through the register's one evidence submission, so those controls' schedules move as for any
/// evidence; and a proposed risk for every impact of level high or above. Every step has a deterministic id (the
/// evidence's submission id, the proposal's row key), so running it again — a retry after a crash between steps —
/// completes what is missing and adds nothing twice.
/// </summary>
public sealed class ApprovalEffects
{
    /// <summary>The controls an impact assessment is evidence for (ISO/IEC 42001 Annex A.5.2–A.5.5).</summary>
    public static readonly IReadOnlyList<ControlId> EvidencedControls = [ControlId.Parse("A.5.2"), ControlId.Parse("A.5.3"), ControlId.Parse("A.5.4"), ControlId.Parse("A.5.5")];

    /// <summary>
    /// The bot records the evidence on the approval's behalf: the approver decided (recorded under their name), and
    /// the evidence attests that decision. It acts with a compliance lead's right to add evidence, which no approver
    /// needs to hold.
    /// </summary>
    public const string EvidenceActorId = "system:assessment-approval";

    private readonly RegisterService _register;
    private readonly RegisterQueries _queries;
    private readonly ProposedRiskRepository _risks;
    private readonly LedgerRecorder _ledger;
    private readonly RegisterOptions _registerOptions;

    public ApprovalEffects(RegisterService register, RegisterQueries queries, ProposedRiskRepository risks, LedgerRecorder ledger, IOptions<RegisterOptions> registerOptions)
    {
        ArgumentNullException.ThrowIfNull(registerOptions);
        _register = register;
        _queries = queries;
        _risks = risks;
        _ledger = ledger;
        _registerOptions = registerOptions.Value;
    }

    /// <summary>The evidence's submission id for one control of one approved version: the same on every run.</summary>
    public static Guid SubmissionId(string tenantId, string systemId, int version, ControlId control) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', "assessment-approval", tenantId, systemId, version.ToString(CultureInfo.InvariantCulture), control.Value)))[..16]);

    /// <summary>Adds what is missing of the approval's evidence and proposed risks; the approver (a person) proposes the risks.</summary>
    public async Task<ApprovalOutcome> CompleteAsync(Caller approver, StoredAiSystem system, ImpactAssessment approved, ImpactScoringOptions scoring, string approverName, string? sourceActivityId, bool firstRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(approved);
        if (approved.Approval is not { } decision)
        {
            throw new ArgumentException("The assessment is not approved.", nameof(approved));
        }

        var problems = new List<string>();
        var evidence = await AddEvidenceAsync(approver.TenantId, system, approved, decision, approverName, sourceActivityId, problems, cancellationToken);
        var risks = await ProposeRisksAsync(approver, approved, scoring, decision, sourceActivityId, firstRun, cancellationToken);
        return new ApprovalOutcome(evidence, risks, problems);
    }

    private async Task<List<string>> AddEvidenceAsync(string tenantId, StoredAiSystem system, ImpactAssessment approved, AssessmentDecision decision, string approverName, string? sourceActivityId, List<string> problems, CancellationToken cancellationToken)
    {
        var added = new List<string>();
        var view = await _queries.LoadByKeyAsync(tenantId, system.System.Id, cancellationToken);
        if (!view.TryGetValue(out var scope))
        {
            problems.Add("The evidence for A.5.2–A.5.5 could not be recorded: " + view.ErrorMessage);
            return added;
        }

        var zone = _registerOptions.OrganizationZone;
        var caller = new Caller(tenantId, EvidenceActorId, EvidenceActorId, "AimsBot (impact assessment approval)", new HashSet<Role> { Role.ComplianceLead });
        var approvedOn = Domain.Scheduling.DueDateCalculator.LocalDate(decision.DecidedAt, zone);
        var started = Domain.Scheduling.DueDateCalculator.LocalDate(approved.StartedAt, zone);
        var level = approved.ApprovedLevel is { } l ? l.Words() : "not scored";
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"Impact assessment v{approved.Version} of {system.System.Name} approved by {approverName} on {approvedOn:yyyy-MM-dd} (overall level {level}; next reassessment due {approved.NextReassessmentDue:yyyy-MM-dd}). Say \"assessment {system.System.Name} {approved.Version}\" to read it.");
        var draft = new EvidenceDraft(EvidenceKind.Note, null, description, started <= approvedOn ? started : approvedOn, approvedOn, approved.NextReassessmentDue);
        foreach (var control in EvidencedControls)
        {
            var effective = scope.Effective(control);
            if (RegisterService.EvidenceTargetError(scope, effective) is { } excluded)
            {
                problems.Add(excluded.Message);
                continue;
            }

            var result = await _register.SubmitEvidenceAsync(
                caller, scope, control, new EvidenceInput(draft, [], FormData.Of()), zone, SubmissionId(tenantId, system.System.Id, approved.Version, control), sourceActivityId, cancellationToken);
            if (result.IsSuccess)
            {
                added.Add(control.Value);
            }
            else
            {
                problems.Add($"{control}: {result.ErrorMessage}");
            }
        }

        return added;
    }

    private async Task<List<ProposedRiskRow>> ProposeRisksAsync(Caller approver, ImpactAssessment approved, ImpactScoringOptions scoring, AssessmentDecision decision, string? sourceActivityId, bool firstRun, CancellationToken cancellationToken)
    {
        var rows = new List<ProposedRiskRow>();
        var score = approved.Score(scoring);
        if (!score.TryGetValue(out var scored))
        {
            return rows;
        }

        var rules = approved.Questionnaire.Scoring;
        var section = approved.Questionnaire.Section(rules.ImpactSection);
        var items = approved.AnswersFor(rules.ImpactSection)?.Items ?? [];
        foreach (var harm in scored.Harms.Where(h => h.Level >= ImpactLevel.High))
        {
            var item = items[harm.Item - 1];
            var description = item[ApprovalViews.DescriptionQuestion];
            var row = new ProposedRiskRow
            {
                SystemId = approved.SystemId,
                AssessmentVersion = approved.Version,
                Item = harm.Item,
                Title = TitleOf(description, harm.Item),
                Description = description,
                Area = ApprovalViews.AreaOf(section, item),
                AffectedParties = item[ApprovalViews.AffectedQuestion],
                Severity = harm.Severity,
                Likelihood = harm.Likelihood,
                Level = harm.Level.Name(),
                RaisedForSensitiveUse = harm.RaisedForSensitiveUse,
                ExistingMeasures = item[ApprovalViews.MeasuresQuestion],
                ProposedBy = decision.DecidedBy,
                ProposedAt = decision.DecidedAt,
            };
            var (stored, inserted) = await _risks.AddIfMissingAsync(approver.TenantId, row, cancellationToken);
            rows.Add(stored);
            var reference = new ProposedRiskRef(approved.SystemId, approved.Version, harm.Item);
            // The run that inserted the row records it; a later run records it only if that run stopped before it could.
            if (inserted || (!firstRun && !await _ledger.HasEventsForAsync(approver.TenantId, LedgerEvents.RiskProposed.EntityIdOf(reference), cancellationToken)))
            {
                await _ledger.RecordAsync(approver, LedgerEvents.RiskProposed.About(reference, null, Json(stored)), sourceActivityId, cancellationToken);
            }
        }

        return rows;
    }

    /// <summary>The first line of the impact's description, shortened: what the risk register will call it.</summary>
    private static string TitleOf(string? description, int item)
    {
        var first = (description ?? "").Split('\n', 2)[0].Trim();
        return first.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"Impact {item}") : CardText.Shorten(first, 120);
    }

    private static string Json(ProposedRiskRow row) => new JsonObject
    {
        ["system"] = row.SystemId,
        ["version"] = row.AssessmentVersion,
        ["item"] = row.Item,
        ["title"] = row.Title,
        ["area"] = row.Area,
        ["affected"] = row.AffectedParties,
        ["severity"] = row.Severity,
        ["likelihood"] = row.Likelihood,
        ["level"] = row.Level,
        ["raisedForSensitiveUse"] = row.RaisedForSensitiveUse,
        ["existingMeasures"] = row.ExistingMeasures,
        ["source"] = row.Source,
        ["status"] = row.Status,
    }.ToJsonString();
}
