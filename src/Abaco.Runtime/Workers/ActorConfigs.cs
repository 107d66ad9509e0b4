using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Text;
using Abaco.Stores;

namespace Abaco.Runtime.Workers;

/// <summary>
/// <c>_actor_configs</c>: the configs of the actor's tenant bound to the actor (by db id, as resolved when the config
/// was written), secrets decrypted, as a Python literal <c>{'name': 'value'}</c>. The original matched the
/// <c>actors</c> text by substring and across tenants, and followed aliases as they are now, so whoever took over a
/// deleted alias's name received the secrets.
/// </summary>
public static class ActorConfigs
{
    public static async Task<string> LiteralForAsync(ActorRecord actor, WorkerServices services, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var config in await services.Stores.Configs.ListAsync(actor.Tenant, ct))
        {
            if (!config.Targets.Any(t => t.ActorDbId == actor.DbId)) continue;
            values[config.Name] = config.IsSecret ? services.Cipher.Decrypt(config.Value) : config.Value;
        }
        return PythonLiteral.Str(JsonSerializer.SerializeToElement(values));
    }
}
