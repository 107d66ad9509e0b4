using Abaco.Core.Sharing;

namespace Abaco.Stores;

/// <summary>Configs and secrets in either SQL backend; same add-if-free and update-if-present rules as aliases.</summary>
internal sealed class SqlActorConfigStore(ISqlDatabase db) : IActorConfigStore
{
    private readonly TenantDocuments<ActorConfigRecord> _configs = new(db, "actor_configs", "name");

    public Task<bool> AddAsync(ActorConfigRecord config, CancellationToken ct) =>
        _configs.AddAsync(config.Tenant, config.Name, config, ct);

    public Task UpdateAsync(ActorConfigRecord config, CancellationToken ct) =>
        _configs.UpdateAsync(config.Tenant, config.Name, config, ct);

    public Task<ActorConfigRecord?> GetAsync(string tenant, string name, CancellationToken ct) =>
        _configs.GetAsync(tenant, name, ct);

    public Task<IReadOnlyList<ActorConfigRecord>> ListAsync(string tenant, CancellationToken ct) =>
        _configs.ListAsync(tenant, ct);

    public Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct) => _configs.DeleteAsync(tenant, name, ct);
}
