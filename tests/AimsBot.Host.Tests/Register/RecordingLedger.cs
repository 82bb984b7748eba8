using System.Runtime.CompilerServices;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Host.Tests.Register;

/// <summary>A ledger kept in memory, chained like the real one, so tests can see what the register recorded.</summary>
public sealed class RecordingLedger : ILedgerStore
{
    private readonly Lock _gate = new();
    private readonly List<LedgerEvent> _events = [];

    public IReadOnlyList<LedgerEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>The next append throws, as a ledger outage would.</summary>
    public bool FailNextAppend { get; set; }

    public Task<LedgerEvent> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (FailNextAppend)
            {
                FailNextAppend = false;
                throw new InvalidOperationException("The ledger is unreachable (test).");
            }

            var last = _events.LastOrDefault(e => e.TenantId == entry.TenantId);
            var appended = LedgerChain.Append(last, entry);
            _events.Add(appended);
            return Task.FromResult(appended);
        }
    }

    public Task<IReadOnlyList<LedgerEvent>> ForEntityAsync(string tenantId, string entityId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LedgerEvent>>(Events.Where(e => e.TenantId == tenantId && e.EntityId == entityId).ToList());

    public async IAsyncEnumerable<LedgerEvent> ReadChainAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in Events.Where(e => e.TenantId == tenantId))
        {
            await Task.Yield();
            yield return e;
        }
    }
}
