using Azure.Core;
using AimsBot.Domain.Access;
using AimsBot.Workflows;
using AimsBot.Scheduling;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Ledger;

public static partial class LedgerServiceCollectionExtensions
{
    /// <summary>
    /// The tamper-evident ledger: its table, its signing keys (<c>Ledger:*</c>, validated at start-up), the store
    /// and the recorder every workflow appends through (<see cref="LedgerRecorder"/>), the checkpoint store and the daily checkpoint job, and the audit commands.
    /// </summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LedgerOptions>>().Value;
            var keys = options.KeyRing();
            if (keys.Current.Id == LedgerOptions.DevelopmentKeyId)
            {
                LogDevelopmentKey(sp.GetRequiredService<ILogger<LedgerOptions>>());
            }

            return keys;
        });

        services.AddStorageTable(TableLedgerStore.TableName);
        services.TryAddSingleton<TableLedgerStore>();
        services.TryAddSingleton<ILedgerStore>(sp => sp.GetRequiredService<TableLedgerStore>());

        services.AddOptions<LedgerCheckpointStoreOptions>().Configure<IOptions<LedgerOptions>>((store, ledger) => store.ContainerName = ledger.Value.CheckpointContainer);
        services.TryAddSingleton<ILedgerCheckpointStore>(sp => new BlobLedgerCheckpointStore(
            sp.GetRequiredService<IOptions<StorageOptions>>(),
            sp.GetRequiredService<IOptions<LedgerCheckpointStoreOptions>>(),
            sp.GetService<TokenCredential>()));
        services.TryAddSingleton<LedgerAuditor>();
        services.TryAddSingleton<ILedgerAudit>(sp => sp.GetRequiredService<LedgerAuditor>());
        services.TryAddSingleton<LedgerCheckpointWriter>();
        services.AddTransient<LedgerCheckpointJob>();
        services.AddRecurringJob<LedgerCheckpointJob, LedgerOptions>(LedgerCheckpointJob.RecurringJobId, o => o.CheckpointCron, job => job.RunScheduledAsync(CancellationToken.None));

        services.TryAddSingleton<LedgerRecorder>();
        services.TryAddSingleton<LedgerAuditRecorder>();
        services.TryAddSingleton<LedgerNames>();

        // What people can ask, and what each needs (the router checks it before the handler runs):
        var ledger = services.AddWorkflow("ledger");
        // Both page with "More" (continuations from the auditor's ContinuationSigner: AddAudit).
        ledger.Command<LedgerCommand>("ledger", "ledger <entity id>", "The audit trail of one entity (a control, an AI system…): who changed what, when.", DomainAction.ReadAuditTrail).PersonalChatOnly();
        ledger.Verb<LedgerCommand>(LedgerCards.MoreVerb, DomainAction.ReadAuditTrail).PersonalChatOnly();
        ledger.Command<LedgerSoaCommand>("ledger soa", LedgerSoaCommand.Usage, "Every SoA decision across the organisation and its AI systems: who included or excluded each control, why and when.", DomainAction.ReadAuditTrail).PersonalChatOnly();
        ledger.Verb<LedgerSoaCommand>(LedgerCards.SoaMoreVerb, DomainAction.ReadAuditTrail).PersonalChatOnly();
        ledger.Command<VerifyLedgerCommand>("verify ledger", "verify ledger", "Check that no one has altered, removed or slipped in an audit trail event.", DomainAction.ReadAuditTrail).PersonalChatOnly();
        ledger.Command<LedgerCheckpointCommand>("ledger checkpoint", "ledger checkpoint", "Seal the audit trail as it stands now with a signed checkpoint kept where no one can change it.", DomainAction.SealAuditTrail);
        return services;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger:SigningKey is not set: ledger events are signed with the public development key (id development-only-not-secret), which proves nothing. Outside Development the host refuses to start without a key.")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
