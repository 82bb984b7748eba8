namespace AimsBot.Graph;

/// <summary>
/// The organisation's Microsoft 365 directory and calendars, as the workflows need them: who someone's manager
/// is, who an address belongs to, installing the bot for a person so it can reach them, and scheduling a Teams
/// meeting. Failures surface as <see cref="DirectoryException"/> with a message fit for chat.
/// </summary>
public interface IDirectory
{
    /// <summary>The person's manager, or null when they have none (or the person is unknown).</summary>
    Task<DirectoryUser?> GetManagerAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The person with this user principal name or mail address, or null when there is none (or the text is no address).</summary>
    Task<DirectoryUser?> FindUserAsync(string upnOrMail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Installs the Teams app (catalog id <paramref name="teamsAppId"/>) in the person's personal scope so the bot
    /// can message them. Already installed counts as success.
    /// </summary>
    Task<AppInstallOutcome> InstallAppForUserAsync(string userId, string teamsAppId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a Teams meeting in the organiser's calendar and invites the attendees (mail addresses).
    /// <paramref name="bodyHtml"/> is sent as HTML: encode any user text in it. <paramref name="transactionId"/>
    /// (at most 36 characters) lets Graph recognise a repeated request and create the event once; give a
    /// deterministic one when the request may be repeated (a job re-run), otherwise one is generated per call.
    /// </summary>
    Task<CreatedMeeting> CreateMeetingAsync(
        string organizerId,
        string subject,
        DateTimeOffset start,
        DateTimeOffset end,
        IReadOnlyCollection<string> attendees,
        string? bodyHtml,
        string? transactionId = null,
        CancellationToken cancellationToken = default);
}

/// <summary>A person in the directory.</summary>
public sealed record DirectoryUser(string Id, string? DisplayName, string? UserPrincipalName, string? Mail);

/// <summary>A meeting Graph created: the event id in the organiser's calendar and the Teams join link (null when Graph gave none).</summary>
public sealed record CreatedMeeting(string EventId, string? JoinUrl);

public enum AppInstallOutcome
{
    Installed,
    AlreadyInstalled,
}

/// <summary>Why a directory call failed.</summary>
public enum DirectoryFailure
{
    /// <summary>The request itself was unusable (bad input, or Graph said 400).</summary>
    InvalidRequest,

    /// <summary>The person (or thing) does not exist.</summary>
    NotFound,

    /// <summary>The bot's app lacks a Graph permission, or could not sign in.</summary>
    Forbidden,

    /// <summary>Graph asked the bot to slow down for longer than it waits in-line.</summary>
    Throttled,

    /// <summary>Graph did not answer in time, or failed.</summary>
    Unavailable,

    /// <summary>Graph is not configured (local anonymous mode, or turned off).</summary>
    NotConfigured,
}

/// <summary>A directory call that failed; <see cref="Exception.Message"/> is written for the person in chat.</summary>
public sealed class DirectoryException : Exception
{
    public DirectoryException(DirectoryFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public DirectoryFailure Failure { get; }
}

/// <summary>Used when Graph is off: every call explains why, nothing is attempted.</summary>
public sealed class UnavailableDirectory : IDirectory
{
    private readonly string _reason;

    public UnavailableDirectory(string reason) => _reason = reason;

    public Task<DirectoryUser?> GetManagerAsync(string userId, CancellationToken cancellationToken = default) => Task.FromException<DirectoryUser?>(Unavailable());

    public Task<DirectoryUser?> FindUserAsync(string upnOrMail, CancellationToken cancellationToken = default) => Task.FromException<DirectoryUser?>(Unavailable());

    public Task<AppInstallOutcome> InstallAppForUserAsync(string userId, string teamsAppId, CancellationToken cancellationToken = default) => Task.FromException<AppInstallOutcome>(Unavailable());

    public Task<CreatedMeeting> CreateMeetingAsync(string organizerId, string subject, DateTimeOffset start, DateTimeOffset end, IReadOnlyCollection<string> attendees, string? bodyHtml, string? transactionId = null, CancellationToken cancellationToken = default) =>
        Task.FromException<CreatedMeeting>(Unavailable());

    private DirectoryException Unavailable() =>
        new(DirectoryFailure.NotConfigured, $"I can't reach the Microsoft 365 directory here: {_reason}.");
}
