using System.Collections.Immutable;
using Abaco.Core.Settings;

namespace Abaco.Configuration;

/// <summary>The <c>{tenant}_{key}</c> variants in web and workers, each read by the rule of its global key.</summary>
internal sealed partial class SettingsBinder
{
    private ImmutableDictionary<string, TenantOverrides> Tenants()
    {
        var tenants = TenantOverrides.None;
        foreach (var section in TenantOverrides.KeysBySection.Keys)
        {
            if (HoconValues.KindAt(_config, $"{AbacoConfiguration.Root}.{section}") != HoconKind.Object) continue;
            foreach (var key in HoconValues.KeysOf(_config, $"{AbacoConfiguration.Root}.{section}").Where(key => IsTenantKey(section, key)))
            {
                var (tenant, option) = TenantOverrides.Split(section, key)!.Value;
                var own = tenants.GetValueOrDefault(tenant) ?? new TenantOverrides();
                tenants = tenants.SetItem(tenant, WithVariant(own, section, key, option));
            }
        }

        return tenants;
    }

    private TenantOverrides WithVariant(TenantOverrides own, string section, string key, string option) => option switch
    {
        "default_token" => own with { DefaultToken = Value(section, key, ValueRules.Flag, option) },
        "log_ex" => own with { LogEx = Value(section, key, ValueRules.SecondsOrForever, option) },
        "log_ex_limit" => own with { LogExLimit = Value(section, key, ValueRules.AtLeast(1), option) },
        "generate_clients" => own with { GenerateClients = Value(section, key, ValueRules.Flag, option) },
        "global_mounts" => own with { GlobalMounts = Values(section, key, ListRules.Mounts, option) },
        "actor_uid" => own with { ActorUid = Value(section, key, ValueRules.OptionalText, option) },
        "actor_gid" => own with { ActorGid = Value(section, key, ValueRules.OptionalText, option) },
        "actor_homedir" => own with { ActorHomedir = Value(section, key, ValueRules.OptionalText, option) },
        _ => throw new InvalidOperationException($"{option} is listed in TenantOverrides.KeysBySection but has no rule here"),
    };

    /// <summary>A tenant variant: not a key of its own in abaco.hocon, but <c>{tenant}_{option}</c> of one.</summary>
    private bool IsTenantKey(string section, string key) =>
        _schema.Find(section, key, StringComparison.Ordinal) is null && TenantOverrides.Split(section, key) is not null;
}
