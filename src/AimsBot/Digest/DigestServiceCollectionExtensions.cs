using AimsBot.Domain.Access;
using AimsBot.Scheduling;
using AimsBot.Storage;
using AimsBot.Storage.Digest;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest;

public static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// The compliance leads' weekly digest: options, the DigestSnapshots and DigestPreferences tables, the compiler,
    /// the hourly job that queues each lead's digest at their Monday 09:00, <c>digest now|on|off</c> and the card's
    /// buttons. Needs the register, nudges (the due scan and the recipients), risks, impact assessments and the ledger.
    /// </summary>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>());

        services.AddStorageTable(DigestSnapshotStore.TableName);
        services.AddStorageTable(DigestPreferenceStore.TableName);
        services.TryAddSingleton<DigestSnapshotStore>();
        services.TryAddSingleton<DigestPreferenceStore>();
        services.TryAddSingleton<DigestTables>();
        // The trend chart (Chart/, AddDigestChart) registers IDigestChartSource; without it the card has no chart. It
        // draws a signed link's image from the snapshot rows.
        services.TryAddSingleton<Chart.IDigestTrendReader, DigestTrendReader>();
        services.TryAddSingleton<DigestCompiler>();
        services.TryAddSingleton<DigestCardBuilder>();
        services.TryAddSingleton<DigestLists>();
        services.TryAddSingleton<DigestDelivery>();
        services.AddTransient<DigestJob>();
        services.AddTransient<TenantDigestJob>();
        services.AddRecurringJob<DigestJob, DigestOptions>(DigestJob.RecurringJobId, o => o.ScanCron, job => job.RunAsync(CancellationToken.None));

        var digest = services.AddWorkflow("digest")
            .Welcome("As a compliance lead, you get a weekly digest on Monday morning: what is overdue, what came in, what waits for a decision. `digest now` shows it at once, `digest off` stops it.", Role.ComplianceLead);
        digest.Command<DigestNowCommand>(DigestNowCommand.Name, DigestNowCommand.Name, "This week's digest now: overdue controls, evidence, SoA coverage, nonconformities, risks, assessments, unreachable owners and the audit trail's head.", DomainAction.ReceiveDigest).PersonalChatOnly();
        digest.Command<DigestSwitchCommand>(DigestSwitchCommand.Name, DigestSwitchCommand.Usage, "Turn your weekly digest on or off (Monday 09:00 your time).", DomainAction.ReceiveDigest).PersonalChatOnly();
        digest.Verb<DigestButtons>(DigestCards.NudgeVerb, DomainAction.SendReminders).PersonalChatOnly();
        digest.Verb<DigestButtons>(DigestCards.OverdueVerb, DomainAction.ReceiveDigest).PersonalChatOnly();
        digest.Verb<DigestButtons>(DigestCards.WaitingVerb, DomainAction.ReceiveDigest).PersonalChatOnly();
        digest.Verb<DigestButtons>(DigestCards.ShowVerb, DomainAction.ReceiveDigest).PersonalChatOnly();
        return services;
    }
}
