using AimsBot.Domain.Access;
using AimsBot.Storage.Nonconformities;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Nonconformities;

public static class NonconformitiesServiceCollectionExtensions
{
    /// <summary>
    /// Nonconformities and corrective actions (ISO/IEC 42001 10.2): options, the service, and what people can ask and
    /// press. The Nonconformities table is declared by the audit queries (<c>AddAudit</c>), which list it. Needs the
    /// register (<c>AddRegister</c>), the ledger (<c>AddLedger</c>), the roles (<c>AddRoles</c>) and the outbox.
    /// </summary>
    public static IServiceCollection AddNonconformities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NonconformityOptions>().Bind(configuration.GetSection(NonconformityOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NonconformityOptions>, NonconformityOptionsValidator>());
        services.TryAddSingleton<NonconformityRepository>();
        services.TryAddSingleton<NonconformityService>();
        services.TryAddSingleton<NonconformityPeople>();
        services.TryAddSingleton<NonconformityWorkflow>();

        var ncs = services.AddWorkflow("nonconformities")
            .Welcome("Seen something that does not meet a requirement of the AI management system? `nc raise` reports it as a nonconformity; a compliance lead triages it and its owner takes it to closure, step by step.");

        // Anyone identified may raise (the domain refuses read-only auditors); the answer is a form, so it goes to the 1:1 chat.
        ncs.Command<NcRaiseCommand>(NcRaiseCommand.Name, NcRaiseCommand.Usage, "Report a nonconformity (a form): what happened, where it was found, the AI system and controls, how serious.", DomainAction.RaiseNonconformity).PersonalChatOnly();
        ncs.Verb<NcRaiseCommand>(NonconformityCards.RaiseFormVerb, DomainAction.RaiseNonconformity).PersonalChatOnly();
        ncs.Verb<NcRaiseAction>(NonconformityCards.RaiseVerb, DomainAction.RaiseNonconformity).PersonalChatOnly();

        // Whose step it is is decided on the stored nonconformity (its owner, an action's owner, a lead; never an action owner for the review).
        ncs.Verb<NcStepActions>(NonconformityCards.TriageVerb, DomainAction.TriageNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.DeclineVerb, DomainAction.TriageNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.ReopenVerb, DomainAction.TriageNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.CorrectionVerb, DomainAction.WorkOnNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.RootCauseVerb, DomainAction.WorkOnNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.ActionsVerb, DomainAction.WorkOnNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.ActionDoneVerb, DomainAction.WorkOnNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.ImplementedVerb, DomainAction.WorkOnNonconformity).PersonalChatOnly();
        ncs.Verb<NcStepActions>(NonconformityCards.ReviewVerb, DomainAction.ReviewNonconformityEffectiveness).PersonalChatOnly();
        // Showing the card decides per viewer what it offers; anyone identified may ask, as anyone may raise one.
        ncs.Verb<NcStepActions>(NonconformityCards.ShowVerb, DomainAction.RaiseNonconformity).PersonalChatOnly();
        return services;
    }
}
