using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Storage.Ledger;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Architecture;

/// <summary>
/// "No ledger append outside the seam": every event reaches the ledger through <see cref="LedgerRecorder"/>, with
/// its name, entity type and id from <see cref="LedgerEvents"/>. Checked on the compiled code (every call to the
/// store's appends and every ledger entry built, lambdas and async methods included, whatever the source spells)
/// and on the source text (event names written as literals).
/// </summary>
public sealed class LedgerSeamTests
{
    /// <summary>The seam and the store: the only code that may append or build an entry, and why.</summary>
    private static readonly Dictionary<Type, string> Allowed = new()
    {
        [typeof(LedgerRecorder)] = "the seam: every workflow records through it",
        [typeof(TableLedgerStore)] = "the store: chains, signs and writes what the recorder hands it",
        [typeof(ILedgerStore)] = "the store's contract: its default AppendManyAsync appends one by one",
    };

    private static readonly Assembly[] Scanned = [typeof(LedgerRecorder).Assembly, typeof(TableLedgerStore).Assembly];

    [Fact]
    public void Only_the_recorder_and_the_store_append_to_the_ledger_or_build_an_entry()
    {
        var offending = LedgerWrites()
            .Where(w => !Allowed.ContainsKey(w.Owner))
            .Select(w => $"{w.Caller} calls {w.Callee}")
            .Distinct()
            .ToList();

        Assert.True(
            offending.Count == 0,
            "Append to the ledger through AimsBot.Ledger.LedgerRecorder with a definition from LedgerEvents, not the store:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_scan_sees_the_seams_own_appends_so_it_would_see_anyone_elses()
    {
        var seam = LedgerWrites().Where(w => w.Owner == typeof(LedgerRecorder)).Select(w => w.Callee).ToHashSet();

        Assert.Contains(seam, c => c.EndsWith(".AppendAsync", StringComparison.Ordinal));
        Assert.Contains(seam, c => c.EndsWith(".AppendManyAsync", StringComparison.Ordinal));
        Assert.Contains("AimsBot.Domain.Ledger.LedgerEntry.For", seam);
    }

    [Fact]
    public void Event_names_are_written_only_in_the_catalogue()
    {
        var catalogue = Path.Combine("src", "AimsBot.Domain", "Ledger", "LedgerEvents.cs");
        var offending = new List<string>();
        foreach (var path in SourceFiles())
        {
            var relative = Path.GetRelativePath(TestEnvironment.RepoRoot, path);
            if (relative == catalogue)
            {
                continue;
            }

            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                // Card verbs (Action.Execute) are another namespace; a few are spelled like the events they lead to.
                if (lines[i].Contains("Verb", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var definition in LedgerEvents.All)
                {
                    if (lines[i].Contains('"' + definition.Name + '"', StringComparison.Ordinal))
                    {
                        offending.Add($"{relative}:{i + 1}: \"{definition.Name}\" (use LedgerEvents)");
                    }
                }
            }
        }

        Assert.True(offending.Count == 0, "Event names come from LedgerEvents:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_event_catalogue_in_the_data_model_lists_every_event_with_its_entity_type()
    {
        var doc = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "data-model.md"));

        var missing = LedgerEvents.All
            .Where(d => !Regex.IsMatch(doc, @"^\|\s*`" + Regex.Escape(d.Name) + @"`\s*\|\s*`" + Regex.Escape(d.EntityType) + @"`\s*\|", RegexOptions.Multiline))
            .Select(d => d.Name)
            .ToList();

        Assert.True(missing.Count == 0, "docs/data-model.md (Ledger, event catalogue) lacks a row for: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>A call that writes to the ledger: <paramref name="Owner"/> is the top-level type whose code makes it.</summary>
    private sealed record LedgerWrite(Type Owner, string Caller, string Callee);

    /// <summary>Every call, in the scanned assemblies, to an append of a ledger store or to what builds a ledger entry.</summary>
    private static List<LedgerWrite> LedgerWrites()
    {
        var writes = new List<LedgerWrite>();
        foreach (var type in Scanned.SelectMany(a => a.GetTypes()))
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var callee in Callees(method).Where(WritesTheLedger))
                {
                    writes.Add(new LedgerWrite(Outermost(type), $"{type.FullName}.{method.Name}", $"{callee.DeclaringType!.FullName}.{callee.Name}"));
                }
            }
        }

        return writes;
    }

    private static bool WritesTheLedger(MethodBase callee)
    {
        var type = callee.DeclaringType;
        if (type is null)
        {
            return false;
        }

        if (typeof(ILedgerStore).IsAssignableFrom(type))
        {
            return callee.Name.StartsWith("Append", StringComparison.Ordinal) || callee.Name.Contains(".Append", StringComparison.Ordinal);
        }

        return type == typeof(LedgerEntry) && (callee.IsConstructor || callee.Name is nameof(LedgerEntry.For) or "<Clone>$");
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The methods and constructors <paramref name="method"/>'s IL calls (call, callvirt, newobj, ldftn…).</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE)
            {
                op = OpCodesByValue[unchecked((short)(0xFE00 | il[i + 1]))];
                i += 2;
            }
            else
            {
                op = OpCodesByValue[il[i]];
                i += 1;
            }

            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineMethod:
                    yield return method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!;
                    i += 4;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
