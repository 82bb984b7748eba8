using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Access;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Graph;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>What one scan found and did. Due and overdue count control periods; queued counts owner cards.</summary>
public sealed record NudgeScanReport(int Due, int Overdue, int Queued, int Unreachable, int Installing, int NoOwner, int Escalated, int Snoozed)
{
    public static NudgeScanReport Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public NudgeScanReport Add(NudgeScanReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Due + other.Due, Overdue + other.Overdue, Queued + other.Queued, Unreachable + other.Unreachable,
            Installing + other.Installing, NoOwner + other.NoOwner, Escalated + other.Escalated, Snoozed + other.Snoozed);
    }
}

/// <summary>
/// The due scan: finds every control period in the notice window or overdue, and queues one card per owner (in the
/// owner's working hours), escalations to managers and compliance leads, and unreachable-owner reports. Every
/// message has a deterministic outbox id, so running the same occurrence twice (a retry, a second host, a crash
/// and re-run) queues nothing new. Per tenant, one scan at a time across hosts (a Hangfire distributed lock).
/// </summary>
public sealed partial class DueScan
{
    /// <summary>The actor recorded in the ledger for what the scheduled scan does on its own.</summary>
    public const string SystemActorId = "system:nudge-scan";

    private const int OwnerParallelism = 16;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private readonly ControlInstanceRepository _controls;
    private readonly NudgeStateStore _states;
    private readonly OutboxStore _outbox;
    private readonly UserLookup _users;
    private readonly ComplianceLeadContacts _leadContacts;
    private readonly AiSystemRepository _systems;
    private readonly IDirectory _directory;
    private readonly GraphActivation _graph;
    private readonly NudgeOptions _options;
    private readonly RegisterOptions _register;
    private readonly BotEndpointOptions _endpoint;
    private readonly ILedgerStore _ledger;
    private readonly JobStorage _jobs;
    private readonly TimeProvider _clock;
    private readonly ILogger<DueScan> _logger;

    public DueScan(
        ControlInstanceRepository controls,
        NudgeStateStore states,
        OutboxStore outbox,
        UserLookup users,
        ComplianceLeadContacts leadContacts,
        AiSystemRepository systems,
        IDirectory directory,
        GraphActivation graph,
        IOptions<NudgeOptions> options,
        IOptions<RegisterOptions> register,
        IOptions<BotEndpointOptions> endpoint,
        ILedgerStore ledger,
        JobStorage jobs,
        TimeProvider clock,
        ILogger<DueScan> logger)
    {
        _controls = controls;
        _states = states;
        _outbox = outbox;
        _users = users;
        _leadContacts = leadContacts;
        _systems = systems;
        _directory = directory;
        _graph = graph;
        _options = options.Value;
        _register = register.Value;
        _endpoint = endpoint.Value;
        _ledger = ledger;
        _jobs = jobs;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// The tenants scanned: the allowed tenants (<c>Bot:AllowedTenants</c>, or <c>Bot:TenantId</c>) — the bot
    /// serves no one else, so no one else can own a control. In local anonymous mode (none configured), the local tenant.
    /// </summary>
    public IReadOnlyList<string> Tenants() =>
        _endpoint.AllowedTenants.Count > 0 ? _endpoint.AllowedTenants.Order(StringComparer.Ordinal).ToList() : [_endpoint.LocalTenantId];

    /// <summary>Scans every tenant.</summary>
    public async Task<NudgeScanReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var total = NudgeScanReport.Empty;
        foreach (var tenant in Tenants())
        {
            total = total.Add(await ScanTenantAsync(tenant, null, cancellationToken));
        }

        return total;
    }

    /// <summary>
    /// Scans one tenant. <paramref name="requestedBy"/> is the person who asked (<c>nudge now</c>), recorded in the
    /// ledger; null for the scheduled scan. Waits for a scan of the same tenant running elsewhere to finish first.
    /// </summary>
    public async Task<NudgeScanReport> ScanTenantAsync(string tenantId, Actor? requestedBy, CancellationToken cancellationToken = default)
    {
        using var connection = _jobs.GetConnection();
        using var scanLock = connection.AcquireDistributedLock("aimsbot:nudge-scan:" + tenantId, LockTimeout);
        var run = new TenantScan(this, tenantId, requestedBy ?? new Actor(SystemActorId, new HashSet<Role>()));
        return await run.ExecuteAsync(cancellationToken);
    }

    /// <summary>One item on its way through a scan: the instance, its period's row and the decision.</summary>
    private sealed record ScanItem(StoredControl Control, NudgeStateRow State, NudgeDecision Decision, DueControl Shown)
    {
        public DateOnly Due => Shown.Due;

        /// <summary>The period, as it goes into deterministic ids.</summary>
        public string PeriodKey => string.Create(CultureInfo.InvariantCulture, $"{Shown.ScopeKey}|{Shown.ControlId}|{Due:yyyy-MM-dd}");
    }

    /// <summary>A recipient with a 1:1 conversation the bot may write to.</summary>
    private sealed record Recipient(string UserKey, string? Name, string ServiceUrl, string ConversationId, TimeZoneInfo Zone, string? TeamsUserId);

    private enum Reach { Reachable, Installing, Unreachable }

    private sealed class TenantScan(DueScan scan, string tenant, Actor actor)
    {
        private readonly DateTimeOffset _now = scan._clock.GetUtcNow();
        private readonly NudgeSchedule _rules = scan._options.Schedule();
        private readonly WorkingHours _workingHours = scan._options.WorkingHours();
        private Task<IReadOnlyList<Recipient>>? _leads;
        private int _due, _overdue, _queued, _unreachable, _installing, _noOwner, _escalated, _snoozed;

        public async Task<NudgeScanReport> ExecuteAsync(CancellationToken cancellationToken)
        {
            // NextDue is a date in each instance's own zone: a day of margin catches zones ahead of UTC, and the
            // policy then decides exactly per instance in its zone.
            var dueBy = DueDateCalculator.LocalDate(_now, TimeZoneInfo.Utc).AddDays(_rules.NoticeDays + 1);
            var systemNames = (await scan._systems.ListAsync(tenant, cancellationToken)).ToDictionary(s => s.System.Id, s => s.System.Name, StringComparer.Ordinal);
            var statesByPartition = new Dictionary<string, Dictionary<string, NudgeStateRow>>(StringComparer.Ordinal);
            var byOwner = new Dictionary<string, List<ScanItem>>(StringComparer.OrdinalIgnoreCase);

            await foreach (var control in scan._controls.ListDueByAsync(tenant, dueBy, cancellationToken))
            {
                var instance = control.Instance;
                if (instance.NextDue is not { } due)
                {
                    continue;
                }

                var partition = RegisterKeys.ControlPartition(tenant, instance.Scope);
                if (!statesByPartition.TryGetValue(partition, out var states))
                {
                    states = new Dictionary<string, NudgeStateRow>(StringComparer.Ordinal);
                    await foreach (var row in scan._states.ListPartitionAsync(partition, cancellationToken))
                    {
                        states[row.RowKey] = row;
                    }

                    statesByPartition[partition] = states;
                }

                var rowKey = NudgeStateStore.RowKey(instance.ControlId.Value, due);
                var state = states.TryGetValue(rowKey, out var found) ? found : new NudgeStateRow { PartitionKey = partition, RowKey = rowKey };
                var decision = NudgePolicy.Decide(due, instance.DueZone, Memory(state), _rules, scan._clock);
                if (!decision.InWindow)
                {
                    continue;
                }

                if (decision.Status.State == DueState.Overdue)
                {
                    _overdue++;
                }
                else
                {
                    _due++;
                }

                if (string.IsNullOrWhiteSpace(instance.OwnerUserId))
                {
                    _noOwner++;
                    continue;
                }

                var systemName = instance.Scope.SystemId is { } id ? systemNames.GetValueOrDefault(id, id) : null;
                var shown = new DueControl(instance.Scope.Key, systemName, instance.ControlId.Value, instance.Control.Title, due, decision.Status, state.SnoozeCount);
                var item = new ScanItem(control, state, decision, shown);
                if (!byOwner.TryGetValue(instance.OwnerUserId, out var list))
                {
                    byOwner[instance.OwnerUserId] = list = [];
                }

                list.Add(item);
            }

            // Owners are independent (their rows, their outbox ids), so several are handled at once.
            await Parallel.ForEachAsync(
                byOwner.OrderBy(o => o.Key, StringComparer.Ordinal),
                new ParallelOptions { MaxDegreeOfParallelism = OwnerParallelism, CancellationToken = cancellationToken },
                async (owner, ct) => await ScanOwnerAsync(owner.Key, owner.Value, ct));

            var report = new NudgeScanReport(_due, _overdue, _queued, _unreachable, _installing, _noOwner, _escalated, _snoozed);
            if (_queued + _escalated > 0)
            {
                var after = JsonSerializer.Serialize(new JsonObject
                {
                    ["due"] = _due, ["overdue"] = _overdue, ["queued"] = _queued, ["unreachable"] = _unreachable,
                    ["installing"] = _installing, ["noOwner"] = _noOwner, ["escalated"] = _escalated,
                });
                await scan._ledger.AppendAsync(LedgerEntry.For(tenant, actor, "nudge.scan", "NudgeScan", tenant, null, after, scan._clock), cancellationToken);
            }

            LogScanned(scan._logger, tenant, _due, _overdue, _queued, _unreachable, _installing, _noOwner, _escalated);
            return report;
        }

        private async Task ScanOwnerAsync(string owner, List<ScanItem> items, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _snoozed, items.Count(i => i.Decision.Verdict == ReminderVerdict.Snoozed));
            if (!items.Any(i => i.Decision.Verdict == ReminderVerdict.Remind || i.Decision.EscalateTo > i.State.EscalationLevel))
            {
                // Nothing owed (snoozed, or reminded recently): no need to look the owner up at all.
                return;
            }

            var ownerName = items.Select(i => i.Control.OwnerName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
            var ownerDisplay = OwnerIds.Display(owner, ownerName);
            var (reach, recipient, reason) = await ReachAsync(owner, ownerName, cancellationToken);

            // Writes in this order so a crash anywhere neither loses nor repeats: (1) the owner's card, (2) the
            // escalation cards and reports — all idempotent inserts with ids from what they are about — then
            // (3) each period row, ETag-guarded. A re-run before (3) recomputes the same ids and queues nothing new.
            var changes = new Dictionary<ScanItem, (int Reminder, string? MessageId, int Level)>();
            if (reach == Reach.Reachable)
            {
                await RemindAsync(owner, ownerName, items, recipient!, changes, cancellationToken);
            }
            else if (reach == Reach.Installing)
            {
                Interlocked.Increment(ref _installing);
            }
            else
            {
                Interlocked.Increment(ref _unreachable);
                await ReportUnreachableAsync(owner, ownerDisplay, reason!, items, cancellationToken);
            }

            var escalating = items.Where(i => i.Decision.EscalateTo > i.State.EscalationLevel).ToList();
            if (escalating.Count > 0)
            {
                var managerNote = await EscalateAsync(owner, ownerDisplay, escalating, cancellationToken);
                foreach (var item in escalating)
                {
                    var current = changes.GetValueOrDefault(item);
                    changes[item] = (current.Reminder, current.MessageId, item.Decision.EscalateTo);
                }

                foreach (var item in escalating)
                {
                    var after = JsonSerializer.Serialize(new JsonObject { ["level"] = item.Decision.EscalateTo, ["due"] = item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["owner"] = owner, ["manager"] = managerNote });
                    var before = JsonSerializer.Serialize(new JsonObject { ["level"] = item.State.EscalationLevel });
                    await scan._ledger.AppendAsync(LedgerEntry.For(tenant, actor, "nudge.escalated", "ControlInstance", $"{item.Shown.ScopeKey}/{item.Shown.ControlId}", before, after, scan._clock), cancellationToken);
                }
            }

            foreach (var (item, change) in changes)
            {
                await RecordAsync(item, change.Reminder, change.MessageId, change.Level, cancellationToken);
            }
        }

        private async Task RemindAsync(string owner, string? ownerName, List<ScanItem> items, Recipient recipient, Dictionary<ScanItem, (int, string?, int)> changes, CancellationToken cancellationToken)
        {
            var owed = items.Where(i => i.Decision.Verdict == ReminderVerdict.Remind).OrderBy(i => i.Due).ThenBy(i => i.PeriodKey, StringComparer.Ordinal).ToList();
            if (owed.Count == 0)
            {
                return;
            }

            // A card carries no more than it can show with its actions; the rest follow on the next run.
            var max = NudgeCards.MaxItems;
            var card = owed.Take(max).Select(i => (Item: i, Number: i.Decision.ReminderNumber)).ToList();

            // A scan that crashed after queuing a card but before recording it on every row left some rows marked
            // with the card's id and some not. Rebuild that card's set: if it hashes to the id, it is the same card.
            foreach (var group in items.Where(i => i.Decision.Verdict == ReminderVerdict.RemindedRecently && i.State.LastReminderMessageId is not null)
                         .GroupBy(i => i.State.LastReminderMessageId!, StringComparer.Ordinal))
            {
                var marked = group.Select(i => (Item: i, Number: i.State.RemindersQueued)).ToList();
                var candidate = marked.Concat(owed.Take(Math.Max(0, max - marked.Count)).Select(i => (Item: i, Number: i.Decision.ReminderNumber))).ToList();
                if (string.Equals(ReminderMessageId(owner, candidate), group.Key, StringComparison.Ordinal))
                {
                    card = candidate;
                    break;
                }
            }

            var messageId = ReminderMessageId(owner, card);
            var model = new NudgeCardModel(tenant, owner, ownerName, card.Select(c => c.Item.Shown).OrderBy(i => i.Due).ThenBy(i => i.ControlId, StringComparer.Ordinal).ToList(), _now, scan._options.MaxSnoozes, recipient.TeamsUserId);
            var overdue = card.Count(c => c.Item.Decision.Status.State == DueState.Overdue);
            var text = overdue > 0
                ? string.Create(CultureInfo.InvariantCulture, $"Evidence is overdue for {overdue} of your control{(overdue == 1 ? "" : "s")}")
                : string.Create(CultureInfo.InvariantCulture, $"Evidence is due soon for {card.Count} of your control{(card.Count == 1 ? "" : "s")}");
            if (await EnqueueAsync(messageId, "nudge", recipient, text, NudgeCards.ForOwner(model), cancellationToken))
            {
                Interlocked.Increment(ref _queued);
            }

            foreach (var (item, number) in card)
            {
                changes[item] = (number, messageId, 0);
            }
        }

        private string ReminderMessageId(string owner, IEnumerable<(ScanItem Item, int Number)> card) =>
            OutboxStore.MessageId(
            [
                "nudge", tenant, owner.ToLowerInvariant(),
                .. card.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item.PeriodKey}|{c.Number}")).Order(StringComparer.Ordinal),
            ]);

        private async Task ReportUnreachableAsync(string owner, string ownerDisplay, string reason, List<ScanItem> items, CancellationToken cancellationToken)
        {
            var shown = items.Select(i => i.Shown).OrderBy(i => i.Due).ThenBy(i => i.ControlId, StringComparer.Ordinal).ToList();
            var card = EscalationCards.Unreachable(new UnreachableOwnerModel(ownerDisplay, reason, shown));
            var periods = items.Select(i => i.PeriodKey).Order(StringComparer.Ordinal).ToArray();
            foreach (var lead in await LeadsAsync(cancellationToken))
            {
                var id = OutboxStore.MessageId(["unreachable", tenant, owner.ToLowerInvariant(), lead.UserKey.ToLowerInvariant(), .. periods]);
                await EnqueueAsync(id, "unreachable", lead, $"{ownerDisplay} can't be reached with evidence reminders", card, cancellationToken);
            }
        }

        /// <summary>Queues the escalation cards; returns what the leads are told about the manager.</summary>
        private async Task<string> EscalateAsync(string owner, string ownerDisplay, List<ScanItem> escalating, CancellationToken cancellationToken)
        {
            Recipient? manager = null;
            string note;
            try
            {
                var found = await scan._directory.GetManagerAsync(owner, cancellationToken);
                if (found is null)
                {
                    note = "Microsoft 365 lists no manager for the owner, so only the compliance leads were told.";
                }
                else
                {
                    var record = await scan._users.GetAsync(tenant, found.Id, cancellationToken);
                    manager = ToRecipient(record);
                    note = manager is null
                        ? $"The owner's manager, {found.DisplayName ?? found.UserPrincipalName ?? found.Id}, has no chat with AimsBot yet, so only the compliance leads were told."
                        : $"The owner's manager, {found.DisplayName ?? record?.Name ?? found.Id}, was told as well.";
                }
            }
            catch (DirectoryException ex)
            {
                note = ex.Failure == DirectoryFailure.NotConfigured
                    ? "The owner's manager could not be looked up (Microsoft Graph is off), so only the compliance leads were told."
                    : $"The owner's manager could not be looked up ({ex.Message}), so only the compliance leads were told.";
            }

            // One card per recipient for each level the owner's controls reached in this run, not one per control:
            // a mass overdue must not bury the leads. The id names the periods it covers, so a re-run queues nothing.
            foreach (var group in escalating.GroupBy(i => i.Decision.EscalateTo))
            {
                var level = group.Key.ToString(CultureInfo.InvariantCulture);
                var items = group.OrderBy(i => i.Due).ThenBy(i => i.PeriodKey, StringComparer.Ordinal).ToList();
                var periods = items.Select(i => i.PeriodKey).ToArray();
                var model = new EscalationCardModel(ownerDisplay, items.Select(i => i.Shown).ToList(), group.Key, note);
                var text = items.Count == 1
                    ? string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: {items[0].Shown.ControlId} is {EscalationCards.When(items[0].Shown)}")
                    : string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: {items.Count} controls of {ownerDisplay} are overdue");
                if (manager is not null)
                {
                    var id = OutboxStore.MessageId(["escalation", tenant, level, "manager", manager.UserKey.ToLowerInvariant(), .. periods]);
                    await EnqueueAsync(id, "escalation", manager, text, EscalationCards.ForManager(model), cancellationToken);
                }

                foreach (var lead in await LeadsAsync(cancellationToken))
                {
                    var id = OutboxStore.MessageId(["escalation", tenant, level, "lead", lead.UserKey.ToLowerInvariant(), .. periods]);
                    await EnqueueAsync(id, "escalation", lead, text, EscalationCards.ForLeads(model), cancellationToken);
                }

                Interlocked.Add(ref _escalated, items.Count);
            }

            return note;
        }

        /// <summary>
        /// Records a reminder and an escalation on the period's row, ETag-guarded. When someone else wrote first
        /// (the owner snoozed, a second scan), re-read and apply what is still missing.
        /// </summary>
        private async Task RecordAsync(ScanItem item, int reminder, string? messageId, int level, CancellationToken cancellationToken)
        {
            var row = item.State;
            for (var attempt = 0; ; attempt++)
            {
                var changed = false;
                if (reminder > row.RemindersQueued)
                {
                    row.RemindersQueued = reminder;
                    row.LastReminderAt = _now;
                    row.LastReminderMessageId = messageId;
                    changed = true;
                }

                if (level > row.EscalationLevel)
                {
                    row.EscalationLevel = level;
                    row.EscalatedAt = _now;
                    changed = true;
                }

                if (!changed)
                {
                    return;
                }

                try
                {
                    await scan._states.SaveAsync(row, cancellationToken);
                    return;
                }
                catch (ConcurrencyConflictException) when (attempt < 4)
                {
                    row = await scan._states.GetOrNewAsync(row.PartitionKey, item.Shown.ControlId, item.Due, cancellationToken);
                }
            }
        }

        private Task<bool> EnqueueAsync(string messageId, string purpose, Recipient to, string text, AdaptiveCard card, CancellationToken cancellationToken) =>
            scan._outbox.EnqueueAsync(
                OutboxCards.Message(tenant, messageId, purpose, new ProactiveRecipient(to.UserKey, to.ServiceUrl, to.ConversationId), text, card, _workingHours.NextOpening(_now, to.Zone), _now),
                cancellationToken);

        /// <summary>Whether the owner can get a card now; if not, whether the app is being installed for them, or why not.</summary>
        private async Task<(Reach Reach, Recipient? Recipient, string? Reason)> ReachAsync(string owner, string? ownerName, CancellationToken cancellationToken)
        {
            if (OwnerIds.IsPending(owner))
            {
                return (Reach.Unreachable, null, "they are known only by their address; they need to open AimsBot in Teams once.");
            }

            var record = await scan._users.GetAsync(tenant, owner, cancellationToken);
            if (record is { Reachable: false })
            {
                return (Reach.Unreachable, null, record.UnreachableReason == "blocked" ? "they blocked AimsBot in Teams." : "they removed AimsBot from Teams.");
            }

            if (ToRecipient(record) is { } recipient)
            {
                return (Reach.Reachable, recipient with { Name = recipient.Name ?? ownerName }, null);
            }

            if (!scan._graph.Enabled)
            {
                return (Reach.Unreachable, null, "they have never chatted with AimsBot, and Microsoft Graph is off, so I can't install the app for them.");
            }

            if (string.IsNullOrWhiteSpace(scan._options.TeamsAppCatalogId))
            {
                return (Reach.Unreachable, null, "they have never chatted with AimsBot, and Nudges:TeamsAppCatalogId is not set, so I can't install the app for them.");
            }

            try
            {
                await scan._directory.InstallAppForUserAsync(owner, scan._options.TeamsAppCatalogId, cancellationToken);
                // Teams now sends an installation update with the conversation; the next scan finds it.
                return (Reach.Installing, null, null);
            }
            catch (DirectoryException ex) when (ex.Failure is DirectoryFailure.Throttled or DirectoryFailure.Unavailable)
            {
                LogInstallDeferred(scan._logger, owner, ex.Message);
                return (Reach.Installing, null, null);
            }
            catch (DirectoryException ex)
            {
                return (Reach.Unreachable, null, "I couldn't install AimsBot for them: " + ex.Message);
            }
        }

        private Recipient? ToRecipient(UserRecord? record) =>
            record is { Reachable: true, ConversationId.Length: > 0, ServiceUrl.Length: > 0 }
                ? new Recipient(record.RowKey, record.Name, record.ServiceUrl, record.ConversationId, ZoneOf(record), record.TeamsUserId)
                : null;

        private TimeZoneInfo ZoneOf(UserRecord record) =>
            TimeZones.TryFind(record.TimeZone, out var zone) ? zone : scan._register.OrganizationZone;

        /// <summary>The compliance leads the bot can write to (<see cref="ComplianceLeadContacts"/>).</summary>
        private Task<IReadOnlyList<Recipient>> LeadsAsync(CancellationToken cancellationToken)
        {
            // Looked up once per scan, by whichever owner needs them first (owners run in parallel).
            if (Volatile.Read(ref _leads) is { } known)
            {
                return known;
            }

            var created = FindLeadsAsync(cancellationToken);
            return Interlocked.CompareExchange(ref _leads, created, null) ?? created;
        }

        private async Task<IReadOnlyList<Recipient>> FindLeadsAsync(CancellationToken cancellationToken)
        {
            var leads = (await scan._leadContacts.ReachableAsync(tenant, cancellationToken)).Select(ToRecipient).OfType<Recipient>().ToList();
            if (leads.Count == 0)
            {
                LogNoLeads(scan._logger, tenant);
            }

            return leads;
        }

        private static NudgeMemory Memory(NudgeStateRow row) =>
            new(row.RemindersQueued, row.LastReminderAt, row.SnoozedUntil, row.SnoozeCount, row.EscalationLevel);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge scan of {Tenant}: {Due} due, {Overdue} overdue, {Queued} cards queued, {Unreachable} unreachable, {Installing} installing, {NoOwner} without owner, {Escalated} escalated")]
    private static partial void LogScanned(ILogger logger, string tenant, int due, int overdue, int queued, int unreachable, int installing, int noOwner, int escalated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installing AimsBot for {Owner} must wait for the next scan: {Reason}")]
    private static partial void LogInstallDeferred(ILogger logger, string owner, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge scan of {Tenant}: no compliance lead has a chat with AimsBot, so escalations and unreachable owners reach no one")]
    private static partial void LogNoLeads(ILogger logger, string tenant);
}

/// <summary>
/// The recurring scan (<c>nudge-scan</c>, cron <c>Nudges:ScanCron</c>, UTC). Hangfire's distributed lock keeps a second
/// run from overlapping (PostgreSQL in scale-out); a run that does start after another of the same occurrence finds
/// every outbox id already queued and every row already recorded, so it changes nothing.
/// </summary>
public sealed class DueScanJob
{
    public const string RecurringJobId = "nudge-scan";
    private readonly DueScan _scan;
    private readonly TableInitializer _tables;
    private readonly TimeProvider _clock;

    public DueScanJob(DueScan scan, TableInitializer tables, TimeProvider clock)
    {
        _scan = scan;
        _tables = tables;
        _clock = clock;
    }

    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 1)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _tables.Ready.WaitAsync(TimeSpan.FromSeconds(60), _clock, cancellationToken);
        await _scan.RunAsync(cancellationToken);
    }
}
