using AimsBot.Commands;
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
        services.AddRecurringJob<ContinuationClaimSweepJob>(ContinuationClaimSweepJob.RecurringJobId, ContinuationClaimSweepJob.Cron, job => job.RunAsync(CancellationToken.None));

        services.AddSingleton<EvidenceCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<EvidenceCommand>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<EvidenceCommand>());
        services.AddChatCommand<NcsCommand>();
        services.AddSingleton<IExportSource, EvidenceExport>();
        return services;
    }
}
