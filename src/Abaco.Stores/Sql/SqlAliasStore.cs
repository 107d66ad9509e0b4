using Abaco.Core.Sharing;

namespace Abaco.Stores;

/// <summary>Aliases in either SQL backend; the actor an alias names has a column of its own, to list by actor.</summary>
internal sealed class SqlAliasStore(ISqlDatabase db) : IAliasStore
{
    private readonly TenantDocuments<AliasRecord> _aliases = new(db, "aliases", "alias");

    public Task<bool> AddAsync(AliasRecord alias, CancellationToken ct) =>
        _aliases.AddAsync(alias.Tenant, alias.Alias, alias, ct, ("actor_id", alias.ActorId));

    public Task UpdateAsync(AliasRecord alias, CancellationToken ct) =>
        _aliases.UpdateAsync(alias.Tenant, alias.Alias, alias, ct, ("actor_id", alias.ActorId));

    public Task<AliasRecord?> GetAsync(string tenant, string alias, CancellationToken ct) =>
        _aliases.GetAsync(tenant, alias, ct);

    public Task<IReadOnlyList<AliasRecord>> ListAsync(string tenant, CancellationToken ct) => _aliases.ListAsync(tenant, ct);

    public Task<IReadOnlyList<AliasRecord>> ListForActorAsync(string tenant, string actorId, CancellationToken ct) =>
        _aliases.ListAsync(tenant, ct, "actor_id", actorId);

    public Task<bool> DeleteAsync(string tenant, string alias, CancellationToken ct) => _aliases.DeleteAsync(tenant, alias, ct);
}
