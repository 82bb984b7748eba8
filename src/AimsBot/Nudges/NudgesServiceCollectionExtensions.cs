using AimsBot.Domain.Access;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Scheduling;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

public static class NudgesServiceCollectionExtensions
{
    /// <summary>Control-owner nudges: the Nudges table, options, the due scan and the card actions.</summary>
    public static IServiceCollection AddNudges(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(NudgeOptions.SectionName);
        // Bound lazily (read when first resolved) and validated at start-up. The binder appends a configured list to
        // the default one ([7, 21] + [3] = [7, 21, 3]): a list that is configured replaces the default instead.
        services.AddOptions<NudgeOptions>()
            .Configure(o =>
            {
                if (section.GetSection(nameof(NudgeOptions.EscalationDays)).GetChildren().Any())
                {
                    o.EscalationDays = [];
                }

                if (section.GetSection(nameof(NudgeOptions.WorkingDays)).GetChildren().Any())
                {
                    o.WorkingDays = [];
                }
            })
            .Bind(section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NudgeOptions>, NudgeOptionsValidator>());
        services.AddStorageTable(NudgeStateStore.TableName);
        services.TryAddSingleton<NudgeStateStore>();
        services.AddStorageTable(NudgeScanRunStore.TableName);
        services.TryAddSingleton<NudgeScanRunStore>();

        // Due scan: collect due periods, resolve recipients (shared with reassignment requests), remind, escalate,
        // record, ledger; the recurring job enqueues one job per tenant; nudge now enqueues its tenant's job.
        services.TryAddSingleton<DueScanTenants>();
        services.TryAddSingleton<UnownedControlFinder>();
        services.TryAddSingleton<OverdueHistory>();
        services.TryAddSingleton<DuePeriodCollector>();
        services.TryAddSingleton<OwnerAppInstaller>();
        services.TryAddSingleton<RecipientResolver>();
        services.TryAddSingleton<DueScanOutbox>();
        services.TryAddSingleton<OwnerReminders>();
        services.TryAddSingleton<DueEscalation>();
        services.TryAddSingleton<DuePeriodRecorder>();
        services.TryAddSingleton<DueScanLedger>();
        services.TryAddSingleton<OwnerScan>();
        services.TryAddSingleton<DueScan>();
        services.TryAddSingleton<NudgeNowRuns>();
        services.AddTransient<DueScanJob>();
        services.AddTransient<TenantDueScanJob>();
        services.AddRecurringJob<DueScanJob, NudgeOptions>(DueScanJob.RecurringJobId, o => o.ScanCron, job => job.RunAsync(CancellationToken.None));

        // Card actions (refresh, evidence, not applicable, snooze, reassign):
        services.TryAddSingleton<NudgeLiveCards>();
        services.TryAddSingleton<NudgeCardActions>();

        // What people can ask and press, and what each needs (the router checks it before the handler runs):
        var nudges = services.AddWorkflow("nudges")
            .Welcome("If you own a control, I'll tell you when its evidence is due; you attach it, say it doesn't apply this period, snooze it or hand it over right on the card.");
        nudges.Command<NudgeNowCommand>("nudge now", "nudge now", "Remind every control owner with evidence due or overdue now, instead of waiting for the next scan.", DomainAction.SendReminders);
        // For compliance leads and auditors (and admins): where the management system falls short — read in the 1:1 chat.
        nudges.Command<UnownedCommand>(UnownedCommand.QueryName, UnownedCommand.Usage, "Applicable controls no one owns, in the organisation or one AI system, with what each is for and when it is due.", DomainAction.ReadAuditTrail).PersonalChatOnly().AuditedQuery();
        nudges.Verb<UnownedCommand>(UnownedCards.MoreVerb, DomainAction.ReadAuditTrail).PersonalChatOnly();
        nudges.Command<OverdueCommand>(OverdueCommand.QueryName, OverdueCommand.Usage, "Controls that were overdue in a window (default: the last 90 days), with the reminders, snoozes, escalations, reassignment and evidence that followed.", DomainAction.ReadAuditTrail).PersonalChatOnly().AuditedQuery();
        nudges.Verb<OverdueCommand>(OverdueCards.MoreVerb, DomainAction.ReadAuditTrail).PersonalChatOnly();
        // Anyone may refresh a card they see; what it reveals depends on who asks (NudgeLiveCards).
        nudges.Verb<NudgeRefreshAction>(NudgeCards.RefreshVerb, DomainAction.ViewRegister);
        // The owner's buttons; whether the caller owns this control is decided on the stored control.
        nudges.Verb<NudgeEvidenceAction>(NudgeCards.EvidenceVerb, DomainAction.RespondToReminder);
        nudges.Verb<NudgeNotApplicableAction>(NudgeCards.NotApplicableVerb, DomainAction.RespondToReminder);
        nudges.Verb<NudgeSnoozeAction>(NudgeCards.SnoozeVerb, DomainAction.RespondToReminder);
        nudges.Verb<NudgeReassignAction>(NudgeCards.ReassignVerb, DomainAction.RespondToReminder);
        // A compliance lead decides a reassignment; separation of duties is the domain's (NudgeRules).
        nudges.Verb<NudgeReassignApproveAction>(NudgeCards.ApproveVerb, DomainAction.DecideReassignment);
        nudges.Verb<NudgeReassignDeclineAction>(NudgeCards.DeclineVerb, DomainAction.DecideReassignment);
        return services;
    }
}
