using Azure.Data.Tables;
using AimsBot.Storage.Tables;
using AimsBot.Storage.Users;

namespace AimsBot.Storage.Register;

/// <summary>
/// Read-only look-ups in the <c>Users</c> table for naming owners: by Entra object id (the row key), by
/// Teams user id, or by UPN. Tenant-scoped; filters built with the SDK's escaping.
/// </summary>
public sealed class UserLookup
{
    private readonly TypedTable<UserRecord> _table;

    public UserLookup(TableStore store) => _table = store.Table<UserRecord>(UserDirectory.TableName);

    public async Task<UserRecord?> GetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken = default)
    {
        var tenant = RegisterKeys.Tenant(tenantId);
        if (!IsKeySafe(aadObjectId))
        {
            return null;
        }

        // Object ids arrive in either case; Teams sends them lower case, which is how sightings store them.
        var lower = aadObjectId.ToLowerInvariant();
        return await _table.GetAsync(tenant, aadObjectId, cancellationToken)
            ?? (string.Equals(lower, aadObjectId, StringComparison.Ordinal) ? null : await _table.GetAsync(tenant, lower, cancellationToken));
    }

    public Task<UserRecord?> FindByTeamsIdAsync(string tenantId, string teamsUserId, CancellationToken cancellationToken = default) =>
        FirstAsync(TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and TeamsUserId eq {teamsUserId}"), cancellationToken);

    /// <summary>A person by UPN, as typed or in lower case (UPNs compare case-insensitively; the table does not).</summary>
    public Task<UserRecord?> FindByUpnAsync(string tenantId, string upn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upn);
        var lower = upn.ToLowerInvariant();
        return FirstAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and (UserPrincipalName eq {upn} or UserPrincipalName eq {lower})"),
            cancellationToken);
    }

    private async Task<UserRecord?> FirstAsync(string filter, CancellationToken cancellationToken)
    {
        await foreach (var user in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            return user;
        }

        return null;
    }

    private static bool IsKeySafe(string key) =>
        !string.IsNullOrWhiteSpace(key) && key.Length <= 200 && !key.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');
}
