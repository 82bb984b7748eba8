using AimsBot.Benchmarks;

// Usage: dotnet run -c Release --project tests/AimsBot.Benchmarks -- <benchmark> [options]
var name = args.FirstOrDefault() ?? "help";
switch (name)
{
    case "inbound":
        await InboundBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "outbox":
        await OutboxBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "register":
        await RegisterBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "evidence":
        await EvidenceBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "import":
        await ImportBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "assessments":
        await AssessmentBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "digest":
        await DigestBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "mentions":
        await MentionBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    default:
        Console.WriteLine("Benchmarks (each prints its figures):");
        Console.WriteLine("  inbound [--messages N] [--clients C]   POST /api/messages throughput and latency vs a bare Azurite write");
        Console.WriteLine("  outbox [--owners N] [--rate R]         drain N proactive messages against a connector enforcing the Teams limits");
        Console.WriteLine("  register [--systems N] [--requests N] [--clients C]   SoA generation for one and all systems; control and soa command latency");
        Console.WriteLine("  evidence [--systems N] [--per-control K] [--requests N] [--clients C]   evidence <id> system <name> and all systems latency over ~100k rows vs the raw partition query; export evidence all rows/s");
        Console.WriteLine("  import [--systems N]                   import a register file of N systems x 38 controls; again (no changes); export");
        Console.WriteLine("  assessments [--assessors N] [--rounds R]   N concurrent assessors stepping through their impact assessments: p50/p95 of a step");
        Console.WriteLine("  digest [--systems N] [--per-control K] [--ncs M] [--rounds R]   compile the weekly digest of N systems x 38 controls, ~100k evidence rows, M nonconformities");
        Console.WriteLine("  mentions [--kb K] [--fuzz N]           CPU time of stripping mentions from a K KB message full of them: old vs new algorithm");
        break;
}
