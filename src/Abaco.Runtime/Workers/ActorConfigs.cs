using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Text;
using Abaco.Stores;

namespace Abaco.Runtime.Workers;

/// <summary>
/// <c>_actor_configs</c> (reference §3.4): the configs of the actor's tenant whose <c>actors</c> list names the actor
/// by id or by one of its aliases, secrets decrypted, as a Python literal <c>{'name': 'value'}</c>. The original
/// matched by substring and across tenants (quirk §5.9 #8); here a list item must equal an id or alias.
/// </summary>
public static class ActorConfigs
{
    public static async Task<string> LiteralForAsync(ActorRecord actor, WorkerServices services, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { actor.Id };
        foreach (var alias in await services.Stores.Aliases.ListForActorAsync(actor.Tenant, actor.Id, ct))
            names.Add(alias.Alias);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var config in await services.Stores.Configs.ListAsync(actor.Tenant, ct))
        {
            var listed = config.Actors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (!listed.Any(names.Contains)) continue;
            values[config.Name] = config.IsSecret ? services.Cipher.Decrypt(config.Value) : config.Value;
        }
        return PythonLiteral.Str(JsonSerializer.SerializeToElement(values));
    }
}
