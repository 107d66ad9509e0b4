using System.Collections.Immutable;

namespace Abaco.Core.Settings;

/// <summary>
/// One tenant's values of the original's tenant-specific options (original-abaco.md §3.19), written as
/// <c>{tenant}_{key}</c> beside the global key in the same section: <c>web.DEV_log_ex = 3600</c>,
/// <c>workers.dev_global_mounts = [...]</c>. Tenant names match ignoring case, as ConfigParser keys did; a value set
/// here replaces the global one for that tenant's actors. Null means "not set for this tenant".
/// </summary>
public sealed record TenantOverrides
{
    /// <summary>The keys that take a tenant variant, per section.</summary>
    public static readonly ImmutableDictionary<string, ImmutableArray<string>> KeysBySection =
        new Dictionary<string, ImmutableArray<string>>
        {
            ["web"] = ["default_token", "log_ex", "log_ex_limit"],
            ["workers"] = ["generate_clients", "global_mounts", "actor_uid", "actor_gid", "actor_homedir"],
        }.ToImmutableDictionary();

    public static readonly ImmutableDictionary<string, TenantOverrides> None =
        ImmutableDictionary.Create<string, TenantOverrides>(StringComparer.OrdinalIgnoreCase);

    public bool? DefaultToken { get; init; }
    public int? LogEx { get; init; }
    public int? LogExLimit { get; init; }
    public bool? GenerateClients { get; init; }
    public ImmutableArray<string>? GlobalMounts { get; init; }
    public string? ActorUid { get; init; }
    public string? ActorGid { get; init; }
    public string? ActorHomedir { get; init; }

    public WebSettings Apply(WebSettings web) => web with
    {
        DefaultToken = DefaultToken ?? web.DefaultToken,
        LogEx = LogEx ?? web.LogEx,
        LogExLimit = LogExLimit ?? web.LogExLimit,
    };

    public WorkerSettings Apply(WorkerSettings workers) => workers with
    {
        GenerateClients = GenerateClients ?? workers.GenerateClients,
        GlobalMounts = GlobalMounts ?? workers.GlobalMounts,
        ActorUid = ActorUid ?? workers.ActorUid,
        ActorGid = ActorGid ?? workers.ActorGid,
        ActorHomedir = ActorHomedir ?? workers.ActorHomedir,
    };

    /// <summary>
    /// Splits a key such as <c>DEV_log_ex_limit</c> into its tenant and the option it sets (<c>DEV</c>,
    /// <c>log_ex_limit</c>; the longest option wins), or null when it is not a tenant variant of the section.
    /// </summary>
    public static (string Tenant, string Key)? Split(string section, string key)
    {
        if (!KeysBySection.TryGetValue(section.ToLowerInvariant(), out var options)) return null;
        foreach (var option in options.OrderByDescending(o => o.Length))
        {
            if (key.Length > option.Length + 1 && key.EndsWith("_" + option, StringComparison.OrdinalIgnoreCase))
                return (key[..^(option.Length + 1)], option);
        }
        return null;
    }
}
