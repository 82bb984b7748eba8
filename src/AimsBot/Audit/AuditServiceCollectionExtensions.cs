using AimsBot.Domain.Access;
using AimsBot.Workflows;
using AimsBot.Files;
using AimsBot.Scheduling;
using AimsBot.Storage;
using AimsBot.Storage.Audit;
using AimsBot.Storage.Nonconformities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// The auditor's queries: <c>evidence</c> (paged with signed single-use continuations), <c>ncs</c>,
    /// <c>export evidence</c>, and their tables (ContinuationClaims, Nonconformities). Needs the register
    /// (<c>AddRegister</c>), the ledger (<c>AddLedger</c>) and file exports (<c>AddFileExports</c>).
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());

        services.AddStorageTable(ContinuationClaimStore.TableName);
        services.AddStorageTable(NonconformityRepository.TableName);
        services.TryAddSingleton<ContinuationClaimStore>();
        services.TryAddSingleton<NonconformityRepository>();
        services.TryAddSingleton<ContinuationSigner>();
        services.TryAddSingleton<EvidenceQueries>();
        services.AddTransient<ContinuationClaimSweepJob>();
        services.AddRecurringJob<ContinuationClaimSweepJob, AuditOptions>(ContinuationClaimSweepJob.RecurringJobId, o => o.ClaimSweepCron, job => job.RunAsync(CancellationToken.None));
        services.AddTransient<EvidenceIndexRepairJob>();
        services.AddRecurringJob<EvidenceIndexRepairJob, AuditOptions>(EvidenceIndexRepairJob.RecurringJobId, o => o.EvidenceIndexRepairCron, job => job.RunAsync(CancellationToken.None));

        services.AddSingleton<IExportSource, EvidenceExport>();

        // What people can ask, and what each needs (the router checks it before the handler runs). Whose evidence
        // a caller may read is decided per control instance by EvidenceQueries.
        var audit = services.AddWorkflow("audit")
            .Welcome("As an auditor, you can query evidence, the SoA, nonconformities and the audit trail, read-only.", Role.Auditor);
        audit.Command<EvidenceCommand>("evidence", EvidenceQueryArguments.Usage, "The evidence recorded for a control, newest first (for its owner, the system's owner, leads and auditors).", DomainAction.ViewEvidence).PersonalChatOnly();
        audit.Verb<EvidenceCommand>(EvidenceQueryCards.MoreVerb, DomainAction.ViewEvidence).PersonalChatOnly();
        audit.Command<NcsCommand>("ncs", NcsArguments.Usage, "Nonconformities: all, or the open, yours, overdue, raised since a date, of a system or of a control (filters combine).", DomainAction.ViewNonconformities).PersonalChatOnly();
        return services;
    }
}
