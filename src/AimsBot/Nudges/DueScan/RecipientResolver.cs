using AimsBot.Access;
using AimsBot.Domain.Access;
using AimsBot.Domain.Scheduling;
using AimsBot.Graph;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>Someone the nudge workflow can write to: their 1:1 chat, and the zone their working hours are in.</summary>
public sealed record NudgeRecipient(string UserKey, string? Name, string ServiceUrl, string ConversationId, TimeZoneInfo Zone, string? TeamsUserId)
{
    public ProactiveRecipient Chat => new(UserKey, ServiceUrl, ConversationId);
}

/// <summary>Whether an owner can get a card now: reachable (with their chat), being installed for, or unreachable and why.</summary>
public enum OwnerReach { Reachable, Installing, Unreachable }

public sealed record OwnerContact(OwnerReach Reach, NudgeRecipient? Recipient, string? Reason)
{
    public static OwnerContact Unreachable(string reason) => new(OwnerReach.Unreachable, null, reason);

    public static OwnerContact Installing { get; } = new(OwnerReach.Installing, null, null);
}

/// <summary>An owner's manager as escalation finds them, and what the compliance leads are told about it.</summary>
public sealed record ManagerContact(NudgeRecipient? Manager, string Note);

/// <summary>
/// Who the nudge workflow writes to, and through which chat: a control owner (installing the app for them when
/// they have no chat yet), their manager, the compliance leads, and the leads who decide a reassignment
/// request. The due scan and the reassignment request share it, so a lead configured through a group, a
/// person's zone and "has a chat the bot may write to" mean the same everywhere.
/// </summary>
public sealed class RecipientResolver
{
    private readonly UserLookup _users;
    private readonly ComplianceLeadContacts _leads;
    private readonly IDirectory _directory;
    private readonly OwnerAppInstaller _installer;
    private readonly RegisterOptions _register;

    public RecipientResolver(UserLookup users, ComplianceLeadContacts leads, IDirectory directory, OwnerAppInstaller installer, IOptions<RegisterOptions> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        _users = users;
        _leads = leads;
        _directory = directory;
        _installer = installer;
        _register = register.Value;
    }

    /// <summary>A person's 1:1 chat, or null when the bot has none it may write to.</summary>
    public async Task<NudgeRecipient?> PersonAsync(string tenantId, string userKey, CancellationToken cancellationToken) =>
        From(await _users.GetAsync(tenantId, userKey, cancellationToken));

    /// <summary>The compliance leads the bot can write to (<see cref="ComplianceLeadContacts"/>), ordered by user key.</summary>
    public async Task<IReadOnlyList<NudgeRecipient>> LeadsAsync(string tenantId, CancellationToken cancellationToken) =>
        (await _leads.ReachableAsync(tenantId, cancellationToken)).Select(From).OfType<NudgeRecipient>().ToList();

    /// <summary>
    /// The leads who get a reassignment request to decide: every reachable lead except the person asking, who does
    /// not decide their own request (separation of duties).
    /// </summary>
    public async Task<IReadOnlyList<NudgeRecipient>> ReassignmentDecidersAsync(string tenantId, string requestedBy, CancellationToken cancellationToken) =>
        (await LeadsAsync(tenantId, cancellationToken)).Where(l => !string.Equals(l.UserKey, requestedBy, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Whether the owner can get a card now; if not, whether the app is being installed for them, or why not.</summary>
    public async Task<OwnerContact> OwnerAsync(string tenantId, string owner, string? ownerName, CancellationToken cancellationToken)
    {
        if (OwnerIds.IsPending(owner))
        {
            return OwnerContact.Unreachable("they are known only by their address; they need to open AimsBot in Teams once.");
        }

        var record = await _users.GetAsync(tenantId, owner, cancellationToken);
        if (record is { Reachable: false })
        {
            return OwnerContact.Unreachable(record.UnreachableReason == "blocked" ? "they blocked AimsBot in Teams." : "they removed AimsBot from Teams.");
        }

        if (From(record) is { } recipient)
        {
            return new OwnerContact(OwnerReach.Reachable, recipient with { Name = recipient.Name ?? ownerName }, null);
        }

        return await _installer.InstallAsync(owner, cancellationToken);
    }

    /// <summary>The owner's manager (Microsoft Graph) if the bot can write to them, and the note the leads get about it.</summary>
    public async Task<ManagerContact> ManagerAsync(string tenantId, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var found = await _directory.GetManagerAsync(owner, cancellationToken);
            if (found is null)
            {
                return new ManagerContact(null, "Microsoft 365 lists no manager for the owner, so only the compliance leads were told.");
            }

            var record = await _users.GetAsync(tenantId, found.Id, cancellationToken);
            var manager = From(record);
            return manager is null
                ? new ManagerContact(null, $"The owner's manager, {found.DisplayName ?? found.UserPrincipalName ?? found.Id}, has no chat with AimsBot yet, so only the compliance leads were told.")
                : new ManagerContact(manager, $"The owner's manager, {found.DisplayName ?? record?.Name ?? found.Id}, was told as well.");
        }
        catch (DirectoryException ex)
        {
            return new ManagerContact(null, ex.Failure == DirectoryFailure.NotConfigured
                ? "The owner's manager could not be looked up (Microsoft Graph is off), so only the compliance leads were told."
                : $"The owner's manager could not be looked up ({ex.Message}), so only the compliance leads were told.");
        }
    }

    private NudgeRecipient? From(UserRecord? record) =>
        record is { Reachable: true, ConversationId.Length: > 0, ServiceUrl.Length: > 0 }
            ? new NudgeRecipient(record.RowKey, record.Name, record.ServiceUrl, record.ConversationId, ZoneOf(record), record.TeamsUserId)
            : null;

    private TimeZoneInfo ZoneOf(UserRecord record) =>
        TimeZones.TryFind(record.TimeZone, out var zone) ? zone : _register.OrganizationZone;
}

/// <summary>
/// Installs AimsBot in Teams for an owner the bot has never chatted with (Microsoft Graph, <c>Nudges:TeamsAppCatalogId</c>):
/// Teams then sends an installation update with the conversation, and the next scan finds it.
/// </summary>
public sealed partial class OwnerAppInstaller
{
    private readonly IDirectory _directory;
    private readonly GraphActivation _graph;
    private readonly NudgeOptions _options;
    private readonly ILogger<OwnerAppInstaller> _logger;

    public OwnerAppInstaller(IDirectory directory, GraphActivation graph, IOptions<NudgeOptions> options, ILogger<OwnerAppInstaller> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory;
        _graph = graph;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Installing (asked, or to be retried next scan when Graph is busy), or unreachable and why.</summary>
    public async Task<OwnerContact> InstallAsync(string owner, CancellationToken cancellationToken)
    {
        if (!_graph.Enabled)
        {
            return OwnerContact.Unreachable("they have never chatted with AimsBot, and Microsoft Graph is off, so I can't install the app for them.");
        }

        if (string.IsNullOrWhiteSpace(_options.TeamsAppCatalogId))
        {
            return OwnerContact.Unreachable("they have never chatted with AimsBot, and Nudges:TeamsAppCatalogId is not set, so I can't install the app for them.");
        }

        try
        {
            await _directory.InstallAppForUserAsync(owner, _options.TeamsAppCatalogId, cancellationToken);
            // Teams now sends an installation update with the conversation; the next scan finds it.
            return OwnerContact.Installing;
        }
        catch (DirectoryException ex) when (ex.Failure is DirectoryFailure.Throttled or DirectoryFailure.Unavailable)
        {
            LogInstallDeferred(_logger, owner, ex.Message);
            return OwnerContact.Installing;
        }
        catch (DirectoryException ex)
        {
            return OwnerContact.Unreachable("I couldn't install AimsBot for them: " + ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installing AimsBot for {Owner} must wait for the next scan: {Reason}")]
    private static partial void LogInstallDeferred(ILogger logger, string owner, string reason);
}
