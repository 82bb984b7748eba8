using System.Globalization;

namespace AimsBot.Benchmarks;

/// <summary>Options on a benchmark's command line (<c>--owners 500</c>).</summary>
internal static class BenchmarkArgs
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
