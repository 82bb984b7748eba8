using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Nonconformities;
using AimsBot.Storage.Nonconformities;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The nonconformity cards: the raise form (plain and pre-filled from an escalation card's button), and the card of
/// each step as its button leaves it. Each verb sample stores a nonconformity of its own, taken through the domain to
/// the step the button acts on; the sample person is the compliance lead who owns it, and someone else owns the
/// actions, so the same person may review them.
/// </summary>
public static class NonconformityCardSamples
{
    private const string Other = "aad-sample-0002";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("nc-raise-form", ["command:nc raise", "NonconformityCards.RaiseForm"], h => h.RunCommandAsync("nc raise", h.Person())),
        new("nc-raise-form-prefilled", ["verb:" + NonconformityCards.RaiseFormVerb], h =>
        {
            var button = NonconformityCards.RaiseButton("credit-scorer", "A.6.2.6", "Evidence for A.6.2.6 (drift monitoring) is 3 weeks overdue");
            return h.PressAsync(button.Verb, Lead(h), button.Data!);
        }),
        new("nc-raised-for-triage", ["verb:" + NonconformityCards.RaiseVerb, "NonconformityCards.Step"], h => h.PressAsync(NonconformityCards.RaiseVerb, Lead(h), new JsonObject
        {
            [NonconformityCards.SubmissionKey] = Guid.NewGuid().ToString("N"),
            [NonconformityCards.TitleInput] = "Drift monitoring of Credit Scorer skipped in March and April",
            [NonconformityCards.DescriptionInput] = "The monthly drift check was not run in March or April; the scheduled job failed silently after the platform upgrade and nobody noticed until the quarterly review.",
            [NonconformityCards.SourceInput] = "control-failure",
            [NonconformityCards.SeverityInput] = "major",
            [NonconformityCards.ControlsInput] = "A.6.2.6, A.6.2.4",
            [NonconformityCards.LinkInput] = "https://contoso.sharepoint.com/sites/aims/Shared%20Documents/drift-monitoring/2026-03-missed-run-report.pdf",
        })),
        new("nc-triaged", ["verb:" + NonconformityCards.TriageVerb], async h => await PressAsync(h, NonconformityStage.Raised, NonconformityCards.TriageVerb,
            (NonconformityCards.SeverityInput, "minor"),
            (NonconformityCards.CorrectionDueInput, "2026-11-30"),
            (NonconformityCards.RootCauseDueInput, "2026-12-14"),
            (NonconformityCards.ActionsDueInput, "2026-12-23"))),
        new("nc-declined", ["verb:" + NonconformityCards.DeclineVerb], async h => await PressAsync(h, NonconformityStage.Raised, NonconformityCards.DeclineVerb, (NonconformityCards.DeclineReasonInput, "The drift check is quarterly for this system: March was not due."))),
        new("nc-correction-recorded", ["verb:" + NonconformityCards.CorrectionVerb], async h => await PressAsync(h, NonconformityStage.Correction, NonconformityCards.CorrectionVerb,
            (NonconformityCards.CorrectionInput, "Ran the March and April drift checks by hand: no drift beyond the thresholds."),
            (NonconformityCards.ConsequencesInput, "None: the scores stayed within bounds, so no decision needs revisiting."))),
        new("nc-root-cause-recorded", ["verb:" + NonconformityCards.RootCauseVerb], async h => await PressAsync(h, NonconformityStage.RootCause, NonconformityCards.RootCauseVerb,
            (NonconformityCards.WhatHappenedInput, "The scheduled drift job failed after the platform upgrade."),
            (NonconformityCards.WhyInput, "Failed jobs raise no alert, and the check has no deputy when its owner is on leave."),
            (NonconformityCards.CategoryInput, "technology"),
            (NonconformityCards.SimilarInput, "Maybe NC-3; https://wiki.contoso.example/ai/scheduled-jobs"))),
        new("nc-actions-recorded", ["verb:" + NonconformityCards.ActionsVerb], async h => await PressAsync(h, NonconformityStage.Actions, NonconformityCards.ActionsVerb,
            (NonconformityCards.ActionTitleInput(0), "Alert the on-call channel on every failed scheduled job of the AI platform"),
            (NonconformityCards.ActionDueInput(0), "2026-12-07"),
            (NonconformityCards.ActionTitleInput(1), "Name a deputy for the drift check in the RACI"),
            (NonconformityCards.ActionDueInput(1), "2026-12-04"))),
        new("nc-action-done", ["verb:" + NonconformityCards.ActionDoneVerb], async h =>
        {
            var nc = await SeedAsync(h, NonconformityStage.Implementation);
            var data = Data(nc);
            data[NonconformityCards.ActionKey] = "1";
            data[NonconformityCards.ActionEvidenceInput(1)] = "Alert rule AL-12 posts to #ai-on-call.";
            return await h.PressAsync(NonconformityCards.ActionDoneVerb, Lead(h), data);
        }),
        new("nc-implemented", ["verb:" + NonconformityCards.ImplementedVerb], async h => await PressAsync(h, NonconformityStage.Implementation, NonconformityCards.ImplementedVerb, allDone: true,
            (NonconformityCards.ImplementationEvidenceInput, "Both actions in place since 2026-11-23: alert AL-12 and the RACI v3."))),
        new("nc-reviewed-not-effective", ["verb:" + NonconformityCards.ReviewVerb], async h => await PressAsync(h, NonconformityStage.EffectivenessReview, NonconformityCards.ReviewVerb,
            (NonconformityCards.EffectiveInput, "not-effective"),
            (NonconformityCards.CommentInput, "Two drift checks were missed again: the alert goes to a mailbox nobody reads."),
            (NonconformityCards.RootCauseDueInput, "2026-12-14"))),
        new("nc-reviewed-effective", ["verb:" + NonconformityCards.ReviewVerb], async h => await PressAsync(h, NonconformityStage.EffectivenessReview, NonconformityCards.ReviewVerb,
            (NonconformityCards.EffectiveInput, "effective"),
            (NonconformityCards.CommentInput, "No missed drift checks in the 30 days since."))),
        new("nc-reopened", ["verb:" + NonconformityCards.ReopenVerb], async h => await PressAsync(h, NonconformityStage.Closed, NonconformityCards.ReopenVerb,
            (NonconformityCards.ReopenReasonInput, "The February check was skipped too: the alert did not fire."),
            (NonconformityCards.RootCauseDueInput, "2026-12-14"))),
        new("nc-review-shown", ["verb:" + NonconformityCards.ShowVerb, "NonconformityWorkflow.CardAsync"], async h => await h.PressAsync(NonconformityCards.ShowVerb, Lead(h), Data(await SeedAsync(h, NonconformityStage.EffectivenessReview)))),
        new("nc-implementation-shown-to-action-owner", ["verb:" + NonconformityCards.ShowVerb], async h =>
            await h.PressAsync(NonconformityCards.ShowVerb, h.Person() with { AadObjectId = Other, TeamsUserId = "29:sample-0002" }, Data(await SeedAsync(h, NonconformityStage.Implementation)))),
    ];

    private static Commands.Caller Lead(CardSampleHost h) => h.Person(Role.ComplianceLead);

    private static async Task<Teams.Cards.AdaptiveCard> PressAsync(CardSampleHost h, NonconformityStage stage, string verb, params (string Name, string Value)[] inputs) =>
        await PressAsync(h, stage, verb, allDone: false, inputs);

    private static async Task<Teams.Cards.AdaptiveCard> PressAsync(CardSampleHost h, NonconformityStage stage, string verb, bool allDone, params (string Name, string Value)[] inputs)
    {
        var nc = await SeedAsync(h, stage, allDone);
        var data = Data(nc);
        foreach (var (name, value) in inputs)
        {
            data[name] = value;
        }

        return await h.PressAsync(verb, Lead(h), data);
    }

    private static JsonObject Data(Nonconformity nc) => new()
    {
        [NonconformityCards.IdKey] = nc.Id.ToString(),
        [NonconformityCards.RevisionKey] = nc.Revision.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A nonconformity of its own, owned by the sample lead, taken through the domain to <paramref name="stage"/> (the review is due at once).</summary>
    private static async Task<Nonconformity> SeedAsync(CardSampleHost h, NonconformityStage stage, bool allDone = false)
    {
        var repository = h.Services.GetRequiredService<NonconformityRepository>();
        var clock = h.Services.GetRequiredService<TimeProvider>();
        var zone = TimeZoneInfo.Utc;
        var lead = Actor.Create("aad-sample-0001", Role.ComplianceLead);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var id = await repository.NextIdAsync(CardSampleHost.Tenant);
        var nc = Ok(Nonconformity.Raise(id, new NonconformityDetails(
            "Drift monitoring of Credit Scorer skipped in March and April",
            "The monthly drift check was not run in March or April and nobody noticed until the quarterly review.",
            NonconformitySource.InternalAudit, null, ["A.6.2.6"], NonconformitySeverity.Major, "https://contoso.sharepoint.com/sites/aims/drift-march"), Actor.Create(Other), clock));
        if (stage != NonconformityStage.Raised)
        {
            nc = Ok(nc.Triage(new NonconformityTriage(NonconformitySeverity.Major, lead.UserId, today.AddDays(7), today.AddDays(21), today.AddDays(30)), lead, zone, clock));
        }

        if (stage > NonconformityStage.Correction)
        {
            nc = Ok(nc.RecordCorrection("Ran the March and April drift checks by hand: no drift.", "None: scores stayed within bounds.", lead, clock));
        }

        if (stage > NonconformityStage.RootCause)
        {
            nc = Ok(nc.RecordRootCause("The scheduled drift job failed after the platform upgrade.", "Failed jobs raise no alert.", CauseCategory.Technology, "", lead, clock));
        }

        if (stage > NonconformityStage.Actions)
        {
            nc = Ok(nc.PlanActions(
                [new(null, "Alert the on-call channel on every failed scheduled job of the AI platform", Other, today.AddDays(14)), new(null, "Name a deputy for the drift check in the RACI", Other, today.AddDays(10))],
                lead,
                zone,
                clock));
        }

        if (stage > NonconformityStage.Implementation || allDone)
        {
            nc = Ok(nc.CompleteAction(1, "Alert rule AL-12 posts to #ai-on-call.", lead, clock));
            nc = Ok(nc.CompleteAction(2, "Sam is the deputy (RACI v3).", lead, clock));
        }

        if (stage > NonconformityStage.Implementation)
        {
            nc = Ok(nc.MarkImplemented("Both actions in place: alert AL-12 and the RACI v3.", 0, lead, zone, clock));
        }

        if (stage > NonconformityStage.EffectivenessReview)
        {
            nc = Ok(nc.ReviewEffectiveness(true, "No missed drift checks in the 30 days since.", null, lead, zone, clock));
        }

        await repository.AddAsync(CardSampleHost.Tenant, NonconformityRepository.RowOf(nc));
        return nc;
    }

    private static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value!;
    }
}
