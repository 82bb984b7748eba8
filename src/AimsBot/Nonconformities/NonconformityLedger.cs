using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Nonconformities;

namespace AimsBot.Nonconformities;

/// <summary>
/// What the ledger records about a nonconformity, as JSON a reader of the trail understands: stages, severities and
/// sources by name, dates as <c>yyyy-MM-dd</c>, people as object ids (the ledger's card turns them into names).
/// </summary>
internal static class NonconformityLedger
{
    public static string Raised(Nonconformity nc) => new JsonObject
    {
        ["id"] = nc.Id.ToString(),
        ["title"] = nc.Title,
        ["description"] = nc.Description,
        ["source"] = nc.Source.Name(),
        ["system"] = nc.SystemId,
        ["controls"] = Strings(nc.ControlIds),
        ["severity"] = nc.Severity.Name(),
        ["evidenceLink"] = nc.EvidenceLink,
        ["raisedBy"] = nc.RaisedBy,
        ["stage"] = nc.Stage.Name(),
    }.ToJsonString();

    public static string Stage(Nonconformity nc) => new JsonObject { ["stage"] = nc.Stage.Name() }.ToJsonString();

    public static string Triage(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["severity"] = nc.Severity.Name(),
        ["owner"] = nc.OwnerUserId,
        ["correctionDue"] = Date(nc.Steps.Due.Correction),
        ["rootCauseDue"] = Date(nc.Steps.Due.RootCause),
        ["actionsDue"] = Date(nc.Steps.Due.Actions),
    }.ToJsonString();

    public static string Declined(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["reason"] = nc.Steps.DeclinedReason,
    }.ToJsonString();

    public static string Correction(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["correction"] = nc.Steps.Correction?.Correction,
        ["consequences"] = nc.Steps.Correction?.Consequences,
    }.ToJsonString();

    public static string RootCause(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["cycle"] = nc.Cycle.Number,
        ["whatHappened"] = nc.Cycle.RootCause?.WhatHappened,
        ["why"] = nc.Cycle.RootCause?.Why,
        ["causeCategory"] = nc.Cycle.RootCause?.Category.Name(),
        ["similar"] = nc.Cycle.RootCause?.SimilarElsewhere,
        ["similarLinks"] = Strings(nc.Cycle.RootCause?.SimilarLinks ?? []),
    }.ToJsonString();

    public static string Actions(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["cycle"] = nc.Cycle.Number,
        ["actions"] = new JsonArray(nc.Cycle.Actions.Select(a => (JsonNode?)ActionJson(a)).ToArray()),
    }.ToJsonString();

    public static string? Action(Nonconformity nc, int number) =>
        nc.Cycle.Actions.FirstOrDefault(a => a.Number == number) is { } action ? ActionJson(action).ToJsonString() : null;

    public static string Implemented(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["cycle"] = nc.Cycle.Number,
        ["evidence"] = nc.Cycle.Implementation?.Evidence,
        ["reviewDue"] = Date(nc.ReviewDueOn),
    }.ToJsonString();

    public static string Review(Nonconformity nc)
    {
        // A not-effective review has already started the next cycle: the review is on the one before.
        var reviewed = nc.Steps.Cycles.LastOrDefault(c => c.Review is not null);
        return new JsonObject
        {
            ["stage"] = nc.Stage.Name(),
            ["cycle"] = reviewed?.Number,
            ["effective"] = reviewed?.Review?.Effective,
            ["comment"] = reviewed?.Review?.Comment,
            ["reviewer"] = reviewed?.Review?.ReviewerUserId,
            ["rootCauseDue"] = nc.Stage == NonconformityStage.RootCause ? Date(nc.Steps.Due.RootCause) : null,
        }.ToJsonString();
    }

    public static string Reopened(Nonconformity nc) => new JsonObject
    {
        ["stage"] = nc.Stage.Name(),
        ["cycle"] = nc.Cycle.Number,
        ["reason"] = nc.Cycle.ReopenedBecause?.Reason,
        ["rootCauseDue"] = Date(nc.Steps.Due.RootCause),
    }.ToJsonString();

    private static JsonObject ActionJson(CorrectiveAction a) => new()
    {
        ["number"] = a.Number,
        ["title"] = a.Title,
        ["owner"] = a.OwnerUserId,
        ["due"] = a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["done"] = a.DoneAt?.ToString("O", CultureInfo.InvariantCulture),
        ["evidence"] = a.Evidence,
    };

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
