using AimsBot.Conversations;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>The tamper-evident ledger: its table, the store every workflow appends to, and the audit commands.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddStorageTable(TableLedgerStore.TableName);
        services.TryAddSingleton<TableLedgerStore>();
        services.TryAddSingleton<ILedgerStore>(sp => sp.GetRequiredService<TableLedgerStore>());
        services.TryAddSingleton<ILedgerAudit>(sp => sp.GetRequiredService<TableLedgerStore>());
        services.TryAddSingleton<LedgerAuditRecorder>();
        services.AddChatCommand<LedgerCommand>();
        services.AddChatCommand<VerifyLedgerCommand>();
        return services;
    }
}
