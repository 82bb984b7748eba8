namespace AimsBot.Teams.Activities;

/// <summary>Removes <c>&lt;at&gt;...&lt;/at&gt;</c> mentions of one account from message text.</summary>
internal static class MentionText
{
    public static string? Strip(string? text, IEnumerable<Entity> mentions, string botId)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var mention in mentions)
        {
            if (!IsSameAccount(mention.Mentioned?.Id, botId))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(mention.Text) && text.Contains(mention.Text, StringComparison.OrdinalIgnoreCase))
            {
                text = RemoveAll(text, mention.Text);
            }
            else if (!string.IsNullOrEmpty(mention.Mentioned?.Name))
            {
                // Some clients send entity text that differs from the message text; fall back to the name.
                text = RemoveAll(text, $"<at>{mention.Mentioned.Name}</at>");
            }
        }

        return text.Trim();
    }

    internal static bool IsSameAccount(string? id, string botId)
    {
        if (id is null)
        {
            return false;
        }

        return string.Equals(Bare(id), Bare(botId), StringComparison.OrdinalIgnoreCase);

        static string Bare(string value) => value.StartsWith("28:", StringComparison.Ordinal) ? value[3..] : value;
    }

    private static string RemoveAll(string text, string token)
    {
        var index = text.IndexOf(token, StringComparison.OrdinalIgnoreCase);
        while (index >= 0)
        {
            var end = index + token.Length;
            while (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            var needsSpace = index > 0 && end < text.Length && !char.IsWhiteSpace(text[index - 1]);
            text = string.Concat(text.AsSpan(0, index), needsSpace ? " " : string.Empty, text.AsSpan(end));
            index = text.IndexOf(token, index, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }
}
