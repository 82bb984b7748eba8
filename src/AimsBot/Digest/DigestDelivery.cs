using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Digest;
using AimsBot.Storage.Outbox;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest;

/// <summary>Builds the digest card with its chart, leaving the chart out when it would take the card past what Teams and the outbox carry.</summary>
public sealed class DigestCardBuilder
{
    /// <summary>The card's JSON must leave room in the outbox's activity (30,000 characters) for the message around it.</summary>
    private const int MaxCardChars = OutboxStore.MaxActivityChars - 2_000;

    private readonly IDigestChartSource? _chart;

    /// <param name="charts">The chart's source when the chart is registered (<c>AddDigestChart</c>); without one the card has no chart.</param>
    public DigestCardBuilder(IEnumerable<IDigestChartSource> charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        _chart = charts.LastOrDefault();
    }

    public async Task<AdaptiveCard> BuildAsync(DigestReport report, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var url = report.Figures.IsEmpty || _chart is null ? null : await _chart.ImageUrlAsync(report.TenantId, report.Trend, cancellationToken);
        var card = DigestCards.Digest(report, url, note);
        if (url is not null && (CardText.Bytes(card) > CardText.MaxCardBytes || card.ToJson().Length > MaxCardChars))
        {
            card = DigestCards.Digest(report, null, note);
        }

        return card;
    }
}

/// <summary>
/// One tenant's weekly run: finds the compliance leads (reachable, digest not turned off) whose digest day and time
/// have passed in their own zone within the send window, skips those whose digest for the week is queued already
/// (outbox id <see cref="MessageId"/>: per lead and ISO week, so a re-run sends nothing twice), compiles the digest once
/// for the tenant when anyone is left, and queues it to each of them.
/// </summary>
public sealed class DigestDelivery
{
    public const string Purpose = "digest";

    private readonly RecipientResolver _recipients;
    private readonly DigestPreferenceStore _preferences;
    private readonly OutboxStore _outbox;
    private readonly DigestCompiler _compiler;
    private readonly DigestCardBuilder _cards;
    private readonly IOptions<DigestOptions> _options;
    private readonly TimeProvider _clock;

    public DigestDelivery(RecipientResolver recipients, DigestPreferenceStore preferences, OutboxStore outbox, DigestCompiler compiler, DigestCardBuilder cards, IOptions<DigestOptions> options, TimeProvider clock)
    {
        _recipients = recipients;
        _preferences = preferences;
        _outbox = outbox;
        _compiler = compiler;
        _cards = cards;
        _options = options;
        _clock = clock;
    }

    /// <summary>The outbox id of a lead's digest for a week: <c>digest/{lead}/{yyyy-Www}</c>, hashed into a key.</summary>
    public static string MessageId(string tenantId, string leadUserKey, string weekId) =>
        OutboxStore.MessageId(["digest", tenantId, leadUserKey.ToLowerInvariant(), weekId]);

    /// <summary>Queues the digests due now; returns how many it queued.</summary>
    public async Task<int> RunAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var calendar = _options.Value.Calendar();
        var off = await _preferences.OffAsync(tenantId, cancellationToken);
        var due = new List<(NudgeRecipient Lead, string MessageId)>();
        foreach (var lead in await _recipients.LeadsAsync(tenantId, cancellationToken))
        {
            if (off.Contains(lead.UserKey) || calendar.DueAt(now, lead.Zone) is not { } slot)
            {
                continue;
            }

            var id = MessageId(tenantId, lead.UserKey, slot.WeekId);
            if (await _outbox.GetAsync(tenantId, id, cancellationToken) is null)
            {
                due.Add((lead, id));
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var report = await _compiler.CompileAsync(tenantId, cancellationToken);
        var card = await _cards.BuildAsync(report, null, cancellationToken);
        var text = DigestCards.Summary(report.Figures);
        var queued = 0;
        foreach (var (lead, id) in due)
        {
            // Its own time has come already: it goes with the next drain.
            if (await _outbox.EnqueueAsync(OutboxCards.Message(tenantId, id, Purpose, lead.Chat, text, card, now, now), cancellationToken))
            {
                queued++;
            }
        }

        return queued;
    }
}
