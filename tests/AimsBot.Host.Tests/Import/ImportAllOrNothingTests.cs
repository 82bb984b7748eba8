using Azure;
using AimsBot.Import;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Host.Tests.Import;

/// <summary>
/// All or nothing per file: when a write fails part-way (here the storage fails on the third partition), what
/// was already written is put back and nothing of the file stays in the register or the ledger.
/// </summary>
public sealed class ImportAllOrNothingTests : ImportHostTest
{
    private static readonly FailingWriter Writer = new();

    public ImportAllOrNothingTests()
        : base(configureServices: s => s.Replace(ServiceDescriptor.Singleton<IImportBatchWriter>(sp => Writer.Wrap(ActivatorUtilities.CreateInstance<TableImportBatchWriter>(sp)))))
    {
    }

    [Fact]
    public async Task A_write_failing_mid_import_leaves_nothing_written_and_says_so()
    {
        await RecordUserAsync("aad-dana-0001", "Dana Scully", "dana@contoso.com");
        await ImportAsync(Csv(
            "system,Credit Scorer,Scores loan applications,,developer,operation,high,,dana@contoso.com,,,,,,,",
            "control,,,,,,,,dana@contoso.com,org,A.2.2,applicable,,planned,yearly,"));
        var registerBefore = await RegisterAsTextAsync();
        var ledgerBefore = Ledger.Events.Count;

        // Changes the existing system and org control (replaced with their ETags), adds a system and its controls:
        // four batches (AiSystems; the org, fraud-watch and credit-scorer partitions). The third one fails.
        Writer.Reset();
        Writer.FailOnBatch = 3;
        var reply = await ImportAsync(Csv(
            "system,Credit Scorer,Scores consumer loan applications,,developer,operation,high,,dana@contoso.com,,,,,,,",
            "system,Fraud Watch,Flags suspicious payments,,provider,operation,limited,,dana@contoso.com,,,,,,,",
            "control,,,,,,,,,org,A.2.2,,,implemented,,",
            "control,,,,,,,,,Credit Scorer,A.6.2.6,,,partial,,",
            "control,,,,,,,,,Fraud Watch,A.6.2.6,,,implemented,,"));

        Assert.Equal(3, Writer.Applied); // two written (then put back), the third failed, the fourth never tried
        Assert.Contains("The storage failed while I was importing", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("nothing changed", reply.Shown, StringComparison.Ordinal);
        Assert.Equal(registerBefore, await RegisterAsTextAsync());
        Assert.Null(await Systems.GetAsync(Tenant, "fraud-watch"));
        Assert.Equal("Scores loan applications", (await Systems.GetAsync(Tenant, "credit-scorer"))!.System.Description);
        Assert.Equal(ledgerBefore, Ledger.Events.Count);

        // Sent again once the storage is back, the file is written — once.
        var again = await ImportAsync(Csv(
            "system,Fraud Watch,Flags suspicious payments,,provider,operation,limited,,dana@contoso.com,,,,,,,"));
        Assert.Contains("imported", again.Shown, StringComparison.Ordinal);
        Assert.NotNull(await Systems.GetAsync(Tenant, "fraud-watch"));
    }

    [Fact]
    public async Task A_row_changed_by_someone_else_after_the_check_conflicts_and_nothing_is_written()
    {
        Writer.Reset();
        await RecordUserAsync(Owner, "Olu Owner", "olu@contoso.com");
        await ImportAsync(Csv("control,,,,,,,,,org,A.2.2,applicable,,planned,yearly,"));
        var ledgerBefore = Ledger.Events.Count;

        // Between the check and the write someone changes A.2.2 in chat: its ETag no longer matches.
        Writer.BeforeBatch = async batch =>
        {
            if (batch.PartitionKey.EndsWith("|org", StringComparison.Ordinal))
            {
                Writer.BeforeBatch = null;
                await SayAsync("soa exclude A.2.2 because The policy is part of the group's policy set instead.");
            }
        };
        var reply = await ImportAsync(Csv(
            "system,Fraud Watch,Flags suspicious payments,,provider,operation,limited,,aad-owner-0001,,,,,,,",
            "control,,,,,,,,,org,A.2.2,,,implemented,,"));

        Assert.Contains("Someone changed the register while I was importing", reply.Shown, StringComparison.Ordinal);
        Assert.Null(await Systems.GetAsync(Tenant, "fraud-watch"));
        var policy = await ControlAsync("A.2.2");
        Assert.True(policy!.Instance.Applicability.IsExcluded); // the other person's change stands
        Assert.Equal(ledgerBefore + 1, Ledger.Events.Count); // only their exclusion
    }

    /// <summary>Lets the real writer write, fails one batch as a storage outage would, and can act before a batch.</summary>
    private sealed class FailingWriter
    {
        public int FailOnBatch { get; set; }

        public int Applied { get; private set; }

        public Func<ImportBatch, Task>? BeforeBatch { get; set; }

        public void Reset()
        {
            FailOnBatch = 0;
            Applied = 0;
            BeforeBatch = null;
        }

        public IImportBatchWriter Wrap(IImportBatchWriter inner) => new Decorator(this, inner);

        private sealed class Decorator(FailingWriter owner, IImportBatchWriter inner) : IImportBatchWriter
        {
            public async Task ApplyAsync(ImportBatch batch, CancellationToken cancellationToken)
            {
                owner.Applied++;
                if (owner.BeforeBatch is { } before)
                {
                    await before(batch);
                }

                if (owner.Applied == owner.FailOnBatch)
                {
                    owner.FailOnBatch = 0;
                    throw new RequestFailedException(503, "The server is busy (test).");
                }

                await inner.ApplyAsync(batch, cancellationToken);
            }

            public Task UndoAsync(ImportBatch batch, CancellationToken cancellationToken) => inner.UndoAsync(batch, cancellationToken);
        }
    }
}
