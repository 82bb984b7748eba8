using System.Text;

namespace AimsBot.Teams.Activities;

/// <summary>
/// Removes <c>&lt;at&gt;...&lt;/at&gt;</c> mentions of one account from message text, in time linear in the text and
/// the mentions (a 256 KB message may carry thousands of them).
/// </summary>
/// <remarks>
/// What is removed, for each mention of the account in entity order: its entity text (case-insensitively) wherever it
/// occurs, when it occurs and an earlier mention has not already removed it; otherwise <c>&lt;at&gt;name&lt;/at&gt;</c>
/// (some clients send entity text that differs from the message text). Each removal also takes the whitespace after
/// it, and leaves one space where it would otherwise join two words; the result is trimmed.
/// All texts are found in one scan of the message (Aho-Corasick over the reversed texts, so the automaton yields the
/// longest text starting at each position), then the message is copied once without them, leftmost-longest first.
/// </remarks>
internal static class MentionText
{
    public static string? Strip(string? text, IEnumerable<Entity> mentions, string botId)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var matcher = new ReverseMatcher();
        var candidates = new List<(int Text, int Fallback)>();
        foreach (var mention in mentions)
        {
            if (!IsSameAccount(mention.Mentioned?.Id, botId))
            {
                continue;
            }

            var name = mention.Mentioned?.Name;
            candidates.Add((
                string.IsNullOrEmpty(mention.Text) ? -1 : matcher.Add(mention.Text),
                string.IsNullOrEmpty(name) ? -1 : matcher.Add($"<at>{name}</at>")));
        }

        if (candidates.Count == 0)
        {
            return text.Trim();
        }

        matcher.Build();
        var found = matcher.Scan(text);

        // Which texts go: the entity text if it occurs and is not gone already, else the name form.
        var removed = new HashSet<int>();
        foreach (var (mentionText, fallback) in candidates)
        {
            if (mentionText >= 0 && found.Occurs(mentionText) && !removed.Contains(mentionText))
            {
                removed.Add(mentionText);
            }
            else if (fallback >= 0)
            {
                removed.Add(fallback);
            }
        }

        found.Keep(removed);
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var length = found.LongestAt(i);
            if (length == 0)
            {
                result.Append(text[i++]);
                continue;
            }

            var end = i + length;
            while (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            if (result.Length > 0 && end < text.Length && !char.IsWhiteSpace(result[^1]))
            {
                result.Append(' ');
            }

            i = end;
        }

        return result.ToString().Trim();
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

    /// <summary>
    /// The case folding <see cref="StringComparison.OrdinalIgnoreCase"/> applies to one UTF-16 unit: its simple upper
    /// case, when ordinal-ignore-case agrees that the two are equal.
    /// </summary>
    private static char Fold(char c)
    {
        if (c < 0x80)
        {
            return c is >= 'a' and <= 'z' ? (char)(c - ('a' - 'A')) : c;
        }

        var upper = char.ToUpperInvariant(c);
        return upper != c && new ReadOnlySpan<char>(in c).Equals(new ReadOnlySpan<char>(in upper), StringComparison.OrdinalIgnoreCase) ? upper : c;
    }

    /// <summary>An Aho-Corasick automaton over reversed, case-folded texts; node 0 is the root.</summary>
    private sealed class ReverseMatcher
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<int> _terminalOf = []; // text id -> its node
        private readonly Dictionary<long, int> _edges = [];
        private readonly List<int> _depth = [0];
        private readonly List<int> _text = [-1]; // node -> text id ending there, or -1
        private int[] _fail = [];
        private int[] _output = []; // node -> nearest node on its fail chain (itself included) that ends a text, or 0
        private readonly List<int> _breadthFirst = []; // every node but the root, shallower first

        /// <summary>Adds a text (once per case-folded form) and returns its id.</summary>
        public int Add(string value)
        {
            var folded = string.Create(value.Length, value, static (span, source) =>
            {
                for (var k = 0; k < source.Length; k++)
                {
                    span[k] = Fold(source[source.Length - 1 - k]);
                }
            });
            if (_ids.TryGetValue(folded, out var id))
            {
                return id;
            }

            var node = 0;
            foreach (var c in folded)
            {
                if (!_edges.TryGetValue(Edge(node, c), out var next))
                {
                    next = _depth.Count;
                    _depth.Add(_depth[node] + 1);
                    _text.Add(-1);
                    _edges.Add(Edge(node, c), next);
                }

                node = next;
            }

            id = _terminalOf.Count;
            _ids.Add(folded, id);
            _terminalOf.Add(node);
            _text[node] = id;
            return id;
        }

        /// <summary>Failure links, breadth first.</summary>
        public void Build()
        {
            var count = _depth.Count;
            _fail = new int[count];
            _output = new int[count];
            var children = new List<(char Char, int Node)>[count];
            foreach (var (key, child) in _edges)
            {
                var parent = (int)(key >> 16);
                (children[parent] ??= []).Add(((char)(key & 0xFFFF), child));
            }

            var queue = new Queue<int>();
            queue.Enqueue(0);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var (c, child) in children[node] ?? [])
                {
                    _fail[child] = node == 0 ? 0 : Step(_fail[node], c);
                    _output[child] = _text[child] >= 0 ? child : _output[_fail[child]];
                    _breadthFirst.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        /// <summary>One scan of the text from its end: for each position, the node whose fail chain holds every text starting there.</summary>
        public Matches Scan(string text)
        {
            var states = new int[text.Length];
            var occurs = new bool[_terminalOf.Count];
            var node = 0;
            for (var i = text.Length - 1; i >= 0; i--)
            {
                node = Step(node, Fold(text[i]));
                states[i] = node;
                // Each text is marked once: a marked node's whole output chain is marked already.
                for (var hit = _output[node]; hit != 0 && !occurs[_text[hit]]; hit = _output[_fail[hit]])
                {
                    occurs[_text[hit]] = true;
                }
            }

            return new Matches(this, states, occurs);
        }

        private int Step(int node, char c)
        {
            while (true)
            {
                if (_edges.TryGetValue(Edge(node, c), out var next))
                {
                    return next;
                }

                if (node == 0)
                {
                    return 0;
                }

                node = _fail[node];
            }
        }

        private static long Edge(int node, char c) => ((long)node << 16) | c;

        /// <summary>Where the texts occur in one message.</summary>
        public sealed class Matches(ReverseMatcher matcher, int[] states, bool[] occurs)
        {
            private int[] _kept = [];

            public bool Occurs(int id) => occurs[id];

            /// <summary>Only these texts count from now on: for each node, the deepest kept text on its fail chain.</summary>
            public void Keep(HashSet<int> ids)
            {
                _kept = new int[matcher._depth.Count];
                // Fail links point to shallower nodes: breadth first sees each node's fail target before the node.
                foreach (var node in matcher._breadthFirst)
                {
                    var id = matcher._text[node];
                    _kept[node] = id >= 0 && ids.Contains(id) ? node : _kept[matcher._fail[node]];
                }
            }

            /// <summary>The length of the longest kept text starting at <paramref name="position"/>, or 0.</summary>
            public int LongestAt(int position) => matcher._depth[_kept[states[position]]];
        }
    }
}
