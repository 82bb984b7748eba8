using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nonconformities;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nonconformities.FollowUp;

/// <summary>What <c>nc NC-7</c> shows: the nonconformity, names for the people it names, and its newest ledger events.</summary>
/// <param name="DueZone">The zone due dates are dates in (the organisation's).</param>
/// <param name="ReaderZone">The reader's zone, for instants.</param>
/// <param name="MayWork">Whether the reader may record its current step (the card then opens it).</param>
public sealed record NonconformityDetailView(
    Nonconformity Nc,
    string? SystemName,
    Func<string?, string> NameOf,
    IReadOnlyList<LedgerEvent> History,
    int TotalEvents,
    TimeProvider Clock,
    TimeZoneInfo DueZone,
    TimeZoneInfo ReaderZone,
    bool MayWork);

/// <summary>The card of <c>nc NC-7</c>: every field and step in words, then the history with ledger sequence numbers.</summary>
public static class NonconformityDetailCards
{
    /// <summary>History lines shown (the newest; <c>ledger NC-7</c> has them all).</summary>
    public const int MaxHistory = 15;

    /// <summary>Longest text of one step shown; the ledger and <c>export ncs</c> keep every word.</summary>
    private const int MaxText = 600;

    public static AdaptiveCard Detail(NonconformityDetailView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var nc = view.Nc;
        var body = new List<CardElement>
        {
            CardText.Title($"{nc.Id} · {CardText.Md(nc.Title)}"),
        };
        if (nc.Description.Length > 0)
        {
            body.Add(new TextBlock(Text(nc.Description)));
        }

        var facts = new List<Fact>
        {
            new("Step", nc.Stage.Words() + (nc.IsOpen && nc.StageDueOn is { } due ? " · due " + CardText.Due(due, view.Clock, view.DueZone) : "")),
            new("Severity", Capital(nc.Severity.Name())),
            new("Source", nc.Source.Words()),
            new("For", view.SystemName is null ? "the organisation" : CardText.Md(view.SystemName)),
            new("Controls", nc.ControlIds.Count == 0 ? CardText.None : string.Join(", ", nc.ControlIds)),
            new("Owner", nc.OwnerUserId is null ? "not yet (waiting for triage)" : CardText.Md(view.NameOf(nc.OwnerUserId))),
            new("Raised", $"{CardText.Date(nc.RaisedAt, view.ReaderZone)} by {CardText.Md(view.NameOf(nc.RaisedBy))}"),
        };
        if (nc.TriagedBy is not null && nc.Stage != NonconformityStage.Declined)
        {
            facts.Add(new Fact("Triaged", $"{CardText.Date(nc.ToState().TriagedAt, view.ReaderZone)} by {CardText.Md(view.NameOf(nc.TriagedBy))}"));
        }

        if (nc.EvidenceLink is { } link)
        {
            facts.Add(new Fact("Shown by", Link(link)));
        }

        body.Add(new FactSet { Facts = facts });

        if (nc.Stage == NonconformityStage.Declined)
        {
            Section(body, "Declined: not a nonconformity");
            Line(body, $"{CardText.Date(nc.ClosedAt, view.ReaderZone)} by {CardText.Md(view.NameOf(nc.TriagedBy))}: {Text(nc.Steps.DeclinedReason)}");
        }

        if (nc.Steps.Correction is { } correction)
        {
            Section(body, "Correction and containment");
            Line(body, Text(correction.Correction));
            if (correction.Consequences.Length > 0)
            {
                Line(body, "Consequences: " + Text(correction.Consequences));
            }

            Subtle(body, $"{CardText.Date(correction.At, view.ReaderZone)} by {CardText.Md(view.NameOf(correction.By))}");
        }

        var cycles = nc.Steps.Cycles;
        foreach (var cycle in cycles)
        {
            Cycle(body, view, cycle, cycles.Count > 1);
        }

        if (nc.Stage == NonconformityStage.Closed)
        {
            Section(body, "Closed");
            Line(body, $"{CardText.Date(nc.ClosedAt, view.ReaderZone)}: the corrective actions were reviewed as effective.");
        }

        Section(body, "History");
        if (view.TotalEvents > view.History.Count)
        {
            Subtle(body, string.Create(CultureInfo.InvariantCulture, $"The last {view.History.Count} of {view.TotalEvents} events; **ledger {nc.Id}** has them all."));
        }

        foreach (var e in view.History)
        {
            body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"#{e.Sequence} · {LedgerCards.Local(e.OccurredAt, view.ReaderZone)} · {LedgerCards.ActionInWords(e.Action)} by {CardText.Md(view.NameOf(e.ActorId))}")) { Size = "Small", Spacing = "None" });
        }

        if (view.History.Count == 0)
        {
            Subtle(body, "Nothing recorded yet.");
        }

        Subtle(body, $"#n is the event's ledger sequence number: **ledger {nc.Id}** shows each event in full.");
        var card = new AdaptiveCard { Body = body, FallbackText = $"{nc.Id}: {nc.Title} ({nc.Stage.Words()})." };
        if (view.MayWork)
        {
            card.Actions =
            [
                new ExecuteAction { Title = "Open the current step", Verb = NonconformityCards.ShowVerb, Data = new JsonObject { [NonconformityCards.IdKey] = nc.Id.ToString() } },
            ];
        }

        return card;
    }

    private static void Cycle(List<CardElement> body, NonconformityDetailView view, NonconformityCycle cycle, bool numbered)
    {
        var suffix = numbered ? string.Create(CultureInfo.InvariantCulture, $" (cycle {cycle.Number})") : "";
        if (cycle.ReopenedBecause is { } reopened)
        {
            Section(body, "Reopened" + suffix);
            Line(body, Text(reopened.Reason));
            Subtle(body, $"{CardText.Date(reopened.At, view.ReaderZone)} by {CardText.Md(view.NameOf(reopened.By))}");
        }

        if (cycle.RootCause is { } cause)
        {
            Section(body, "Root cause" + suffix);
            Line(body, "What happened: " + Text(cause.WhatHappened));
            Line(body, "Why: " + Text(cause.Why));
            Line(body, "Cause: " + Capital(cause.Category.Name()));
            var similar = cause.SimilarElsewhere.Length > 0 ? Text(cause.SimilarElsewhere) : "none found";
            if (cause.SimilarLinks.Count > 0)
            {
                similar += " · " + string.Join(", ", cause.SimilarLinks.Take(10).Select(Link));
            }

            Line(body, "Similar elsewhere: " + similar);
            Subtle(body, $"{CardText.Date(cause.At, view.ReaderZone)} by {CardText.Md(view.NameOf(cause.By))}");
        }

        if (cycle.Actions.Count > 0)
        {
            Section(body, "Corrective actions" + suffix);
            foreach (var action in cycle.Actions)
            {
                var standing = action.DoneAt is { } done
                    ? $"done {CardText.Date(done, view.ReaderZone)} by {CardText.Md(view.NameOf(action.DoneBy))}{(action.Evidence is { Length: > 0 } evidence ? ": " + Text(evidence, 200) : "")}"
                    : "due " + CardText.Due(action.Due, view.Clock, view.DueZone);
                Line(body, string.Create(CultureInfo.InvariantCulture, $"{action.Number}. {CardText.Md(action.Title)} — {CardText.Md(view.NameOf(action.OwnerUserId))}, {standing}"));
            }
        }

        if (cycle.Implementation is { } implemented)
        {
            Section(body, "Implemented" + suffix);
            Line(body, Text(implemented.Evidence));
            Subtle(body, $"{CardText.Date(implemented.At, view.ReaderZone)} by {CardText.Md(view.NameOf(implemented.By))}");
        }

        if (cycle.Review is { } review)
        {
            Section(body, "Effectiveness review" + suffix);
            Line(body, (review.Effective ? "Effective" : "Not effective: back to root cause") + (review.Comment.Length > 0 ? " — " + Text(review.Comment) : ""));
            Subtle(body, $"{CardText.Date(review.At, view.ReaderZone)} by {CardText.Md(view.NameOf(review.ReviewerUserId))}");
        }
    }

    private static void Section(List<CardElement> body, string title) => body.Add(new TextBlock(title) { Weight = "Bolder", Spacing = "Medium" });

    private static void Line(List<CardElement> body, string text) => body.Add(new TextBlock(text) { Spacing = "Small" });

    private static void Subtle(List<CardElement> body, string text) => body.Add(CardText.Subtle(text));

    private static string Text(string? text, int max = MaxText) => CardText.Md(CardText.Shorten(text ?? "", max));

    private static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>A link as markdown (parentheses escaped so the link holds), its text shortened.</summary>
    private static string Link(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? $"[{CardText.Md(CardText.ShortLink(url))}]({url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})"
            : CardText.Md(CardText.Shorten(url, 80));
}
