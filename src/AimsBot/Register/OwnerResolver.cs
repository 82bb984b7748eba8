using System.Text.RegularExpressions;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Storage.Register;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Hosting;

namespace AimsBot.Register;

/// <summary>Someone named as an owner: a mention, or typed text (a UPN or an Entra object id).</summary>
public sealed record OwnerReference(ChannelAccount? Mention, string? Text)
{
    public static OwnerReference Mentioned(ChannelAccount account) => new(account, null);

    public static OwnerReference Typed(string text) => new(null, text);
}

/// <summary>
/// Who an owner is, as the register stores them: an Entra object id with a name and time zone when known,
/// or — for a UPN the bot cannot resolve yet — the lower-case UPN, marked pending.
/// </summary>
public sealed record OwnerCandidate(string UserId, string? Name, string? TimeZoneId)
{
    public bool Pending => OwnerIds.IsPending(UserId);

    public string Display => OwnerIds.Display(UserId, Name);
}

/// <summary>
/// Resolves an owner reference. Mentions: the Entra object id Teams sends with the mention, else the Users
/// table by Teams id, else the conversation's member list. UPNs: the Users table, else the conversation's
/// member list (works in channels and group chats the person is in), else stored as a pending owner.
/// Object ids (GUIDs) are taken as they are, named from the Users table when known.
/// </summary>
public sealed partial class OwnerResolver
{
    private const int UpnMax = 254;
    private readonly UserLookup _users;
    private readonly IConnectorClient _connector;
    private readonly ILogger<OwnerResolver> _logger;

    public OwnerResolver(UserLookup users, IConnectorClient connector, ILogger<OwnerResolver> logger)
    {
        _users = users;
        _connector = connector;
        _logger = logger;
    }

    public async Task<Result<OwnerCandidate>> ResolveAsync(string tenantId, OwnerReference reference, TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(turn);
        if (reference.Mention is { } mention)
        {
            return await FromMentionAsync(tenantId, mention, turn, cancellationToken);
        }

        return await FromTextAsync(tenantId, reference.Text, turn, acceptKnownUserKeys: false, cancellationToken);
    }

    /// <summary>
    /// Resolves an owner written into an import file, where there is no conversation to ask: an Entra object id
    /// as it is; a user key the Users table holds (ids that are not GUIDs); a UPN through the Users table, else
    /// pending. Anything else is refused with the same message as in chat.
    /// </summary>
    public Task<Result<OwnerCandidate>> ResolveTypedAsync(string tenantId, string text, CancellationToken cancellationToken) =>
        FromTextAsync(tenantId, text, turn: null, acceptKnownUserKeys: true, cancellationToken);

    private async Task<Result<OwnerCandidate>> FromTextAsync(string tenantId, string? typed, TurnContext? turn, bool acceptKnownUserKeys, CancellationToken cancellationToken)
    {
        var text = (typed ?? "").Trim();
        if (Guid.TryParse(text, out var objectId))
        {
            var id = objectId.ToString("D");
            var known = await _users.GetAsync(tenantId, id, cancellationToken);
            return Result.Success(new OwnerCandidate(known?.RowKey ?? id, known?.Name, known?.TimeZone));
        }

        if (acceptKnownUserKeys && !text.Contains('@', StringComparison.Ordinal) && await _users.GetAsync(tenantId, text, cancellationToken) is { } keyed)
        {
            return Result.Success(new OwnerCandidate(keyed.RowKey, keyed.Name, keyed.TimeZone));
        }

        if (text.Length > UpnMax || !UpnPattern().IsMatch(text))
        {
            return Result.Failure<OwnerCandidate>(new DomainError(
                "owner.unrecognised",
                $"I can't tell who '{Shorten(text)}' is. @mention the person, or give their sign-in name (UPN) such as dana@contoso.com.",
                "owner"));
        }

        var user = await _users.FindByUpnAsync(tenantId, text, cancellationToken);
        if (user is not null)
        {
            return Result.Success(new OwnerCandidate(user.RowKey, user.Name, user.TimeZone));
        }

        var member = turn is null ? null : await MemberAsync(turn, text, cancellationToken);
        if (member is not null && string.Equals(member.UserPrincipalName, text, StringComparison.OrdinalIgnoreCase) && ObjectIdOf(member) is { } memberId)
        {
            var knownMember = await _users.GetAsync(tenantId, memberId, cancellationToken);
            return Result.Success(new OwnerCandidate(memberId, member.Name, knownMember?.TimeZone));
        }

        return Result.Success(new OwnerCandidate(OwnerIds.Pending(text), null, null));
    }

    private async Task<Result<OwnerCandidate>> FromMentionAsync(string tenantId, ChannelAccount mention, TurnContext turn, CancellationToken cancellationToken)
    {
        var name = mention.Name;
        if (!string.IsNullOrWhiteSpace(mention.AadObjectId))
        {
            var known = await _users.GetAsync(tenantId, mention.AadObjectId, cancellationToken);
            return Result.Success(new OwnerCandidate(mention.AadObjectId.Trim(), name ?? known?.Name, known?.TimeZone));
        }

        if (!string.IsNullOrWhiteSpace(mention.Id))
        {
            var user = await _users.FindByTeamsIdAsync(tenantId, mention.Id, cancellationToken);
            if (user is not null)
            {
                return Result.Success(new OwnerCandidate(user.RowKey, name ?? user.Name, user.TimeZone));
            }

            var member = await MemberAsync(turn, mention.Id, cancellationToken);
            if (member is not null && string.Equals(member.Id, mention.Id, StringComparison.OrdinalIgnoreCase) && ObjectIdOf(member) is { } memberId)
            {
                return Result.Success(new OwnerCandidate(memberId, name ?? member.Name, null));
            }
        }

        return Result.Failure<OwnerCandidate>(new DomainError(
            "owner.mention-unresolved",
            $"I couldn't find out who {name ?? "the person you mentioned"} is. Give their sign-in name (UPN) instead, such as dana@contoso.com.",
            "owner"));
    }

    /// <summary>The conversation's member with this id or UPN, when the connector knows them.</summary>
    private async Task<TeamsChannelAccount?> MemberAsync(TurnContext turn, string userId, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (string.IsNullOrEmpty(activity.ServiceUrl) || activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            return null;
        }

        try
        {
            return await _connector.GetMemberAsync(activity.ServiceUrl, conversationId, userId, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or ArgumentException)
        {
            LogMemberLookupFailed(_logger, ex.GetType().Name);
            return null;
        }
    }

    private static string? ObjectIdOf(TeamsChannelAccount member) =>
        !string.IsNullOrWhiteSpace(member.AadObjectId) ? member.AadObjectId : !string.IsNullOrWhiteSpace(member.ObjectId) ? member.ObjectId : null;

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    [GeneratedRegex(@"^[^@\s<>""'`]+@[^@\s<>""'`]+\.[^@\s<>""'`]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UpnPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Member look-up for an owner failed ({Reason}); the owner is resolved without it")]
    private static partial void LogMemberLookupFailed(ILogger logger, string reason);
}
