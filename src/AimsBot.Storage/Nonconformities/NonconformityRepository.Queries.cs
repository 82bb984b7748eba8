using Azure.Data.Tables;
using AimsBot.Storage.Register;

namespace AimsBot.Storage.Nonconformities;

/// <summary>
/// What <c>ncs</c> asks for; every part given must hold. All but <see cref="ControlId"/> are in the table query; a
/// control is one of a comma list (<c>ControlIds</c>), which a table query cannot test, so it is checked on each row read.
/// </summary>
/// <param name="MineUserId">The person as owner or raiser.</param>
/// <param name="RaisedFrom">Raised at or after this instant.</param>
/// <param name="Scope"><c>org</c> or an AI system id.</param>
/// <param name="DueBefore">Open, with the current step due before this day (<c>yyyy-MM-dd</c> compares as text).</param>
/// <param name="Severity"><c>major</c>, <c>minor</c> or <c>observation</c>.</param>
public sealed record NonconformityListQuery(
    bool Open = false,
    string? MineUserId = null,
    DateTimeOffset? RaisedFrom = null,
    string? Scope = null,
    DateOnly? DueBefore = null,
    string? ControlId = null,
    string? Severity = null)
{
    public static NonconformityListQuery Everything { get; } = new();
}

public sealed partial class NonconformityRepository
{
    /// <summary>
    /// The first <paramref name="take"/> of a tenant's nonconformities matching <paramref name="query"/>, in id order,
    /// without the step JSON; read page by page until one more than <paramref name="take"/> matched (to know there are more).
    /// </summary>
    public async Task<NonconformityPage> ListAsync(string tenantId, NonconformityListQuery query, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 999);
        var filter = Filter(tenantId, query);
        var rows = new List<NonconformityRow>(take + 1);
        string? token = null;
        do
        {
            var page = await _table.QueryPageAsync(filter, query.ControlId is null ? take + 1 - rows.Count : 1000, token, ListColumns, cancellationToken);
            rows.AddRange(page.Items.Select(FromEntity).Where(r => query.ControlId is null || Concerns(r, query.ControlId)).Take(take + 1 - rows.Count));
            token = page.ContinuationToken;
        }
        while (rows.Count <= take && token is not null);

        return new NonconformityPage(rows.Take(take).ToList(), rows.Count > take);
    }

    /// <summary>Every nonconformity of the tenant matching <paramref name="query"/>, in id order, without the step JSON (exports, the SoA).</summary>
    public async Task<IReadOnlyList<NonconformityRow>> ListAllAsync(string tenantId, NonconformityListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = new List<NonconformityRow>();
        await foreach (var entity in _table.QueryAsync(Filter(tenantId, query), ListColumns, cancellationToken))
        {
            var row = FromEntity(entity);
            if (query.ControlId is null || Concerns(row, query.ControlId))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static string Filter(string tenantId, NonconformityListQuery query)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {RowKeyFrom} and RowKey lt {RowKeyTo}") };
        if (query.Open || query.DueBefore is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {Open}"));
        }

        if (query.MineUserId is { } me)
        {
            parts.Add(TableClient.CreateQueryFilter($"(OwnerUserId eq {me} or RaisedBy eq {me})"));
        }

        if (query.RaisedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"RaisedAt ge {from}"));
        }

        if (query.Scope is { } scope)
        {
            parts.Add(TableClient.CreateQueryFilter($"Scope eq {scope}"));
        }

        if (query.DueBefore is { } before)
        {
            parts.Add(TableClient.CreateQueryFilter($"StageDueOn lt {StoredValues.Format(before)}"));
        }

        if (query.Severity is { } severity)
        {
            parts.Add(TableClient.CreateQueryFilter($"Severity eq {severity}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>Whether the row names <paramref name="controlId"/> among its controls (older rows: their one control).</summary>
    public static bool Concerns(NonconformityRow row, string controlId)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (row.ControlIds ?? row.ControlId ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(controlId, StringComparer.OrdinalIgnoreCase);
    }
}
