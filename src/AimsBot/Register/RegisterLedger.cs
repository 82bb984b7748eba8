using AimsBot.Commands;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Register;

/// <summary>
/// The register's way into the audit ledger. Every change the register makes is recorded there; when no
/// ledger store is configured the register refuses to change anything (principle: every change is evidence).
/// </summary>
public sealed class RegisterLedger
{
    public const string Unavailable =
        "I can't change the register right now: the audit ledger that records every change is not configured. Nothing was changed; please tell your administrator.";

    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;

    public RegisterLedger(IServiceProvider services, TimeProvider clock)
    {
        _services = services;
        _clock = clock;
    }

    public bool IsAvailable => Store is not null;

    private ILedgerStore? Store => _services.GetService<ILedgerStore>();

    public Task<LedgerEvent> AppendAsync(
        Caller caller,
        string action,
        string entityType,
        string entityId,
        string? before,
        string? after,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var store = Store ?? throw new InvalidOperationException(Unavailable);
        var entry = LedgerEntry.For(caller.TenantId, RegisterActors.From(caller), action, entityType, entityId, before, after, _clock, sourceActivityId);
        return store.AppendAsync(entry, cancellationToken);
    }

    /// <summary>Whether the ledger holds anything about the entity yet.</summary>
    public async Task<bool> HasEventsForAsync(string tenantId, string entityId, CancellationToken cancellationToken)
    {
        var store = Store ?? throw new InvalidOperationException(Unavailable);
        return (await store.ForEntityAsync(tenantId, entityId, cancellationToken)).Count > 0;
    }
}
