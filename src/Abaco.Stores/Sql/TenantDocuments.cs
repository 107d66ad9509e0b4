namespace Abaco.Stores;

/// <summary>
/// A table of JSON documents unique by name within a tenant (aliases, configs), listed in the order they were added.
/// Adding is one statement that takes the name only while it is free, so two racing adds cannot both win; updating
/// changes only a document that still exists, so an update racing a delete does not bring it back. Some tables keep
/// a field of the document in a column of its own as well (<paramref name="extra"/> on writes).
/// </summary>
internal sealed class TenantDocuments<T>(ISqlDatabase db, string table, string nameColumn) where T : class
{
    public async Task<bool> AddAsync(string tenant, string name, T document, CancellationToken ct,
        params (string Column, object? Value)[] extra) =>
        await db.ExecuteAsync(() =>
        {
            var columns = string.Concat(extra.Select(e => $", {e.Column}"));
            var values = string.Concat(extra.Select(e => $", @{e.Column}"));
            return new SqlStatement(
                $"INSERT INTO {table} (tenant, {nameColumn}, doc{columns}) VALUES (@tenant, @name, @doc{values}) " +
                $"ON CONFLICT (tenant, {nameColumn}) DO NOTHING",
                Parameters(tenant, name, document, extra));
        }, ct).ConfigureAwait(false) > 0;

    public Task UpdateAsync(string tenant, string name, T document, CancellationToken ct,
        params (string Column, object? Value)[] extra) =>
        db.ExecuteAsync(() =>
        {
            var sets = string.Concat(extra.Select(e => $"{e.Column} = @{e.Column}, "));
            return new SqlStatement($"UPDATE {table} SET {sets}doc = @doc WHERE tenant = @tenant AND {nameColumn} = @name",
                Parameters(tenant, name, document, extra));
        }, ct);

    public async Task<T?> GetAsync(string tenant, string name, CancellationToken ct) =>
        (await db.RowsAsync(() => new SqlStatement($"SELECT doc FROM {table} WHERE tenant = @tenant AND {nameColumn} = @name",
            ("@tenant", tenant), ("@name", name)), r => StoreJson.Deserialize<T>(r.GetString(0)), ct).ConfigureAwait(false))
        .FirstOrDefault();

    /// <summary>The tenant's documents, only those whose <paramref name="column"/> holds <paramref name="value"/> when given.</summary>
    public async Task<IReadOnlyList<T>> ListAsync(string tenant, CancellationToken ct, string? column = null,
        object? value = null) =>
        await db.RowsAsync(() => column is null
                ? new SqlStatement($"SELECT doc FROM {table} WHERE tenant = @tenant ORDER BY {db.InsertionOrder}",
                    ("@tenant", tenant))
                : new SqlStatement(
                    $"SELECT doc FROM {table} WHERE tenant = @tenant AND {column} = @value ORDER BY {db.InsertionOrder}",
                    ("@tenant", tenant), ("@value", value)),
            r => StoreJson.Deserialize<T>(r.GetString(0)), ct).ConfigureAwait(false);

    public async Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct) =>
        await db.ExecuteAsync(() => new SqlStatement($"DELETE FROM {table} WHERE tenant = @tenant AND {nameColumn} = @name",
            ("@tenant", tenant), ("@name", name)), ct).ConfigureAwait(false) > 0;

    private static (string Name, object? Value)[] Parameters(string tenant, string name, T document,
        (string Column, object? Value)[] extra) =>
        [("@tenant", tenant), ("@name", name), ("@doc", StoreJson.Serialize(document)), .. extra.Select(e => ("@" + e.Column, e.Value))];
}
