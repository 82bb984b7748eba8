using System.Globalization;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace AimsBot.Graph;

/// <summary>
/// <see cref="IDirectory"/> through Microsoft Graph with the bot's application permissions: User.Read.All
/// (people, managers), TeamsAppInstallation.ReadWriteSelfForUser.All (install the bot for someone),
/// Calendars.ReadWrite (meetings in the organiser's calendar).
/// </summary>
public sealed class GraphDirectory : IDirectory
{
    internal const int MaxSubjectLength = 255;
    internal const int MaxAttendees = 500;
    private static readonly string[] UserFields = ["id", "displayName", "userPrincipalName", "mail"];
    private readonly GraphClientProvider _clients;

    public GraphDirectory(GraphClientProvider clients) => _clients = clients;

    public async Task<DirectoryUser?> GetManagerAsync(string userId, CancellationToken cancellationToken = default)
    {
        var id = RequireUserId(userId);
        try
        {
            using var graph = _clients.Create();
            var manager = await graph.Users[id].Manager.GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken);
            return manager is null ? null : ToUser(manager);
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            // No manager set (or no such person): Graph says 404 for both.
            return null;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw GraphErrors.Translate(ex, "find that person's manager", "User.Read.All");
        }
    }

    public async Task<DirectoryUser?> FindUserAsync(string upnOrMail, CancellationToken cancellationToken = default)
    {
        var address = upnOrMail?.Trim();
        if (!LooksLikeAddress(address))
        {
            return null;
        }

        // OData string literals escape a quote by doubling it; Kiota URL-encodes the whole filter.
        var literal = address.Replace("'", "''", StringComparison.Ordinal);
        try
        {
            using var graph = _clients.Create();
            var page = await graph.Users.GetAsync(
                r =>
                {
                    r.QueryParameters.Filter = $"userPrincipalName eq '{literal}' or mail eq '{literal}'";
                    r.QueryParameters.Select = UserFields;
                    r.QueryParameters.Top = 5;
                },
                cancellationToken);
            var users = page?.Value ?? [];
            var match = users.FirstOrDefault(u => string.Equals(u.UserPrincipalName, address, StringComparison.OrdinalIgnoreCase))
                ?? users.FirstOrDefault(u => string.Equals(u.Mail, address, StringComparison.OrdinalIgnoreCase));
            return match is null ? null : ToUser(match);
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw GraphErrors.Translate(ex, "look that person up", "User.Read.All");
        }
    }

    public async Task<AppInstallOutcome> InstallAppForUserAsync(string userId, string teamsAppId, CancellationToken cancellationToken = default)
    {
        var id = RequireUserId(userId);
        if (!Guid.TryParse(teamsAppId, out var appId))
        {
            throw new DirectoryException(DirectoryFailure.InvalidRequest, $"'{teamsAppId}' is not a Teams app catalog id (a GUID).");
        }

        var installation = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["teamsApp@odata.bind"] = $"{_clients.BaseUrl}/appCatalogs/teamsApps/{appId:D}",
            },
        };
        try
        {
            using var graph = _clients.Create();
            await graph.Users[id].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: cancellationToken);
            return AppInstallOutcome.Installed;
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 409)
        {
            return AppInstallOutcome.AlreadyInstalled;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw GraphErrors.Translate(ex, "install the bot for that person", "TeamsAppInstallation.ReadWriteSelfForUser.All",
                notFound: "Microsoft 365 doesn't know that person, or the AimsBot app is not in the organisation's Teams app catalog, so I couldn't install it for them.");
        }
    }

    public async Task<CreatedMeeting> CreateMeetingAsync(
        string organizerId,
        string subject,
        DateTimeOffset start,
        DateTimeOffset end,
        IReadOnlyCollection<string> attendees,
        string? bodyHtml,
        string? transactionId = null,
        CancellationToken cancellationToken = default)
    {
        var organizer = RequireUserId(organizerId);
        var title = subject?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxSubjectLength)
        {
            throw new DirectoryException(DirectoryFailure.InvalidRequest, $"A meeting needs a subject of 1 to {MaxSubjectLength} characters.");
        }

        if (end <= start)
        {
            throw new DirectoryException(DirectoryFailure.InvalidRequest, "A meeting must end after it starts.");
        }

        var invited = (attendees ?? []).Select(a => a?.Trim() ?? string.Empty).ToList();
        if (invited.Count > MaxAttendees)
        {
            throw new DirectoryException(DirectoryFailure.InvalidRequest, $"A meeting can invite at most {MaxAttendees} people.");
        }

        if (invited.Find(a => !LooksLikeAddress(a)) is { } bad)
        {
            throw new DirectoryException(DirectoryFailure.InvalidRequest, $"'{bad}' is not a mail address, so I can't invite it.");
        }

        transactionId = string.IsNullOrWhiteSpace(transactionId) ? Guid.NewGuid().ToString("D") : transactionId.Trim();
        if (transactionId.Length > 128)
        {
            throw new DirectoryException(DirectoryFailure.InvalidRequest, "A meeting's transaction id must be at most 128 characters.");
        }

        var meeting = new Event
        {
            Subject = title,
            Body = new ItemBody { ContentType = BodyType.Html, Content = bodyHtml ?? string.Empty },
            Start = Utc(start),
            End = Utc(end),
            Attendees = invited.Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(a => new Attendee { EmailAddress = new EmailAddress { Address = a }, Type = AttendeeType.Required })
                .ToList(),
            IsOnlineMeeting = true,
            OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness,
            TransactionId = transactionId,
        };
        try
        {
            using var graph = _clients.Create();
            var created = await graph.Users[organizer].Events.PostAsync(meeting, cancellationToken: cancellationToken);
            if (created?.Id is not { Length: > 0 } eventId)
            {
                throw new DirectoryException(DirectoryFailure.Unavailable, "Microsoft Graph did not say which meeting it created. Please check the organiser's calendar before trying again.");
            }

            return new CreatedMeeting(eventId, created.OnlineMeeting?.JoinUrl);
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw GraphErrors.Translate(ex, "schedule the meeting", "Calendars.ReadWrite",
                notFound: "Microsoft 365 doesn't know the organiser (or they have no mailbox), so I couldn't schedule the meeting.");
        }
    }

    /// <summary>A user principal name or mail address in shape: one @ with text either side, no spaces or control characters.</summary>
    internal static bool LooksLikeAddress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 320 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1 && text.IndexOf('@', at + 1) < 0;
    }

    private static string RequireUserId(string userId)
    {
        var id = userId?.Trim();
        if (Guid.TryParse(id, out var guid))
        {
            return guid.ToString("D");
        }

        if (LooksLikeAddress(id))
        {
            return id;
        }

        throw new DirectoryException(DirectoryFailure.InvalidRequest, $"'{userId}' is neither an Entra object id nor a user principal name.");
    }

    private static DateTimeTimeZone Utc(DateTimeOffset at) => new()
    {
        DateTime = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = "UTC",
    };

    private static DirectoryUser? ToUser(DirectoryObject entry)
    {
        if (string.IsNullOrEmpty(entry.Id))
        {
            return null;
        }

        if (entry is User user)
        {
            return new DirectoryUser(user.Id!, user.DisplayName, user.UserPrincipalName, user.Mail);
        }

        // A manager can be an organisational contact: keep what every directory object carries.
        var extra = entry.AdditionalData ?? new Dictionary<string, object>();
        return new DirectoryUser(entry.Id, extra.TryGetValue("displayName", out var name) ? name?.ToString() : null, null, extra.TryGetValue("mail", out var mail) ? mail?.ToString() : null);
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
