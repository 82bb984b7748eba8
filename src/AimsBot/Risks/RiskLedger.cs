using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Risks;

namespace AimsBot.Risks;

/// <summary>
/// What the ledger records about a risk, as JSON a reader of the trail understands: ratings with their words and the
/// criteria version, the plan with its controls and actions, statuses by name. People are their object ids (the
/// ledger's card turns them into names).
/// </summary>
internal static class RiskLedger
{
    public static string Snapshot(Risk risk) => new JsonObject
    {
        ["id"] = risk.Id.ToString(),
        ["system"] = risk.SystemId,
        ["title"] = risk.Title,
        ["description"] = risk.Description,
        ["source"] = risk.Source.Kind.Name(),
        ["sourceReference"] = risk.Source.Reference,
        ["owner"] = risk.OwnerUserId,
        ["status"] = risk.Status.Name(),
        ["inherent"] = Rating(risk.Inherent),
        ["plan"] = Plan(risk.Plan, risk.PlanRevision),
    }.ToJsonString();

    public static string Details(Risk risk) => new JsonObject
    {
        ["title"] = risk.Title,
        ["description"] = risk.Description,
        ["owner"] = risk.OwnerUserId,
    }.ToJsonString();

    public static string? Rated(Risk risk) => risk.Inherent is null ? null : new JsonObject { ["inherent"] = Rating(risk.Inherent) }.ToJsonString();

    public static string PlanOf(Risk risk) => new JsonObject { ["plan"] = Plan(risk.Plan, risk.PlanRevision) }.ToJsonString();

    public static string Status(Risk risk, string? reason = null) => new JsonObject
    {
        ["status"] = risk.Status.Name(),
        ["planRevision"] = risk.PlanRevision,
        ["residualLevel"] = risk.Plan.Residual?.Level.Name(),
        ["reason"] = reason,
    }.ToJsonString();

    public static string Proposal(string status, string? riskId) => new JsonObject
    {
        ["status"] = status,
        ["risk"] = riskId,
    }.ToJsonString();

    private static JsonObject? Rating(RiskRating? rating) => rating is null ? null : new JsonObject
    {
        ["likelihood"] = rating.Likelihood,
        ["consequence"] = rating.Consequence,
        ["level"] = rating.Level.Name(),
        ["criteriaVersion"] = rating.CriteriaVersion,
    };

    private static JsonObject Plan(TreatmentPlan plan, int revision) => new()
    {
        ["revision"] = revision,
        ["option"] = plan.Option?.Name(),
        ["controls"] = new JsonArray(plan.Controls.Select(c => (JsonNode?)JsonValue.Create(c.Value)).ToArray()),
        ["actions"] = new JsonArray(plan.Actions.Select(a => (JsonNode?)new JsonObject
        {
            ["number"] = a.Number,
            ["title"] = a.Title,
            ["owner"] = a.OwnerUserId,
            ["due"] = a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["done"] = a.DoneAt?.ToString("O", CultureInfo.InvariantCulture),
        }).ToArray()),
        ["residual"] = Rating(plan.Residual),
    };
}
