using System.Globalization;
using System.Text;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Teams.Cards;

namespace AimsBot.Register;

/// <summary>Wording and small building blocks shared by the register's cards.</summary>
internal static class CardText
{
    public const string None = "—";

    /// <summary>Bytes a card may take: Teams allows ~28 KB for a card in a message, and the reply has an envelope too.</summary>
    public const int MaxCardBytes = 28_000;

    /// <summary>
    /// Text people typed, made safe to put inside markdown: the characters that would make it bold, italic or
    /// a link are escaped, and control characters dropped.
    /// </summary>
    public static string Md(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`')
            {
                builder.Append('\\');
            }

            if (!char.IsControl(c) || c == '\n')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Shorten(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(1, max - 1)).TrimEnd(), "…");

    /// <summary>
    /// An https address as a short markdown link (host and path, at most <paramref name="max"/> characters shown):
    /// the renderer cannot wrap a long address inside a fact or a table cell, so the full one would push the card's
    /// text past its edge. A dash when there is no https address.
    /// </summary>
    public static string ShortLink(string? url, int max = 40)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return None;
        }

        var shown = Md(Shorten(uri.Host + uri.AbsolutePath.TrimEnd('/'), max));
        return $"[{shown}]({uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)})";
    }

    public static string Date(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : None;

    public static string Date(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } i ? Date(DueDateCalculator.LocalDate(i, zone)) : None;

    public static string Role(OrganizationRole role) => role switch
    {
        OrganizationRole.DeployerUser => "Deployer / user",
        _ => role.ToString(),
    };

    public static string Stage(LifecycleStage stage) => stage.ToString();

    public static string Tier(RiskTier tier) => tier.ToString();

    public static string Implementation(ImplementationStatus status) => status switch
    {
        ImplementationStatus.NotStarted => "Not started",
        _ => status.ToString(),
    };

    public static string Layer(ControlLayer layer) => layer == ControlLayer.Organization ? "Organisation" : "AI system";

    public static string Kind(EvidenceKind kind) => kind switch
    {
        EvidenceKind.FileReference => "File reference",
        _ => kind.ToString(),
    };

    /// <summary>"2026-03-01 (in 12 days)", "2026-03-01 (due today)", "2026-03-01 (overdue by 3 days)", or a dash.</summary>
    public static string Due(DateOnly? due, TimeProvider clock, TimeZoneInfo zone)
    {
        var status = DueDateCalculator.Status(due, clock, zone);
        return status.State switch
        {
            DueState.NotScheduled => None,
            DueState.DueToday => $"{Date(due)} (due today)",
            DueState.Overdue => string.Create(CultureInfo.InvariantCulture, $"{Date(due)} (overdue by {-status.DaysUntilDue} day{(status.DaysUntilDue == -1 ? "" : "s")})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Date(due)} (in {status.DaysUntilDue} day{(status.DaysUntilDue == 1 ? "" : "s")})"),
        };
    }

    public static TextBlock Title(string text) => new(text) { Size = "Medium", Weight = "Bolder" };

    public static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Size = "Small", Spacing = "None" };

    /// <summary>The problems with a form, shown above it.</summary>
    public static TextBlock Errors(IReadOnlyList<DomainError> errors) =>
        new("Please fix: " + string.Join(" ", errors.Select(e => Md(e.Message)))) { Color = "Attention", Weight = "Bolder" };

    public static int Bytes(AdaptiveCard card) => Encoding.UTF8.GetByteCount(card.ToJson());
}
