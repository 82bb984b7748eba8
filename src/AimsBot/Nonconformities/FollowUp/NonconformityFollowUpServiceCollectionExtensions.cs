using AimsBot.Domain.Access;
using AimsBot.Storage;
using AimsBot.Storage.Nonconformities;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Nonconformities.FollowUp;

public static class NonconformityFollowUpServiceCollectionExtensions
{
    /// <summary>
    /// What follows a nonconformity beyond its step cards: <c>nc NC-7</c> (the whole record and its history), the open
    /// major nonconformities on the SoA and <c>control &lt;id&gt;</c>, <c>export ncs</c>, and the due scan's nudges and
    /// escalations of overdue steps (the NonconformityFollowUps table). Needs
    /// <c>AddNonconformities</c> (the service), the register and the ledger.
    /// </summary>
    public static IServiceCollection AddNonconformityFollowUp(this IServiceCollection services)
    {
        services.TryAddSingleton<ControlNonconformities>();
        services.AddStorageTable(NonconformityFollowUpStore.TableName);
        services.TryAddSingleton<NonconformityFollowUpStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Nudges.IDueScanPart, NonconformityFollowUpScan>());
        services.AddSingleton<Files.IExportSource, NonconformityExport>();

        var nonconformities = services.AddWorkflow("nonconformities");
        // Anyone may ask (they may be its owner); the stored nonconformity decides who reads it.
        nonconformities.Command<NcCommand>(NcCommand.Name, NcCommand.Usage, "One nonconformity in full: its steps, root cause, actions, review and closure, and its history with event numbers.", DomainAction.ViewNonconformity)
            .PersonalChatOnly()
            .AuditedQuery();
        return services;
    }
}
