using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

/// <summary>original-abaco.md §3.19: <c>{tenant}_{key}</c> variants of the tenant-specific options, from file and environment.</summary>
public sealed class TenantKeySpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact(DisplayName = "Tenant variants in the file apply to that tenant's actors only, matching the tenant ignoring case")]
    public void File_variants_apply_to_their_tenant()
    {
        var file = _dir.Write("tenants.hocon", """
            abaco {
              web {
                log_ex = 600
                DEV_log_ex = 3600
                dev_log_ex_limit = 7200
                SD2E_default_token = true
              }
              workers {
                tacc_prod_global_mounts = ["/corral/{username}:/work:rw"]
                DEV_actor_uid = "1001"
                DEV_generate_clients = true
              }
            }
            """);

        var settings = AbacoConfiguration.Load(file, Env.None);

        var dev = settings.ForTenant("dev");
        Assert.Equal(3600, dev.Web.LogEx);
        Assert.Equal(7200, dev.Web.LogExLimit);
        Assert.Equal("1001", dev.Workers.ActorUid);
        Assert.True(dev.Workers.GenerateClients);
        Assert.False(dev.Web.DefaultToken);
        Assert.True(settings.ForTenant("SD2E").Web.DefaultToken);
        Assert.Equal(["/corral/{username}:/work:rw"], settings.ForTenant("TACC_PROD").Workers.GlobalMounts.ToArray());
        var other = settings.ForTenant("OTHER");
        Assert.Equal(600, other.Web.LogEx);
        Assert.Equal(AbacoSettings.Defaults.Web.LogExLimit, other.Web.LogExLimit);
        Assert.Equal("", other.Workers.ActorUid);
        Assert.False(other.Workers.GenerateClients);
        Assert.Empty(other.Workers.GlobalMounts);
    }

    [Fact(DisplayName = "Tenant variants come from the environment in both spellings")]
    public void Environment_variants()
    {
        var env = new Dictionary<string, string?>
        {
            ["web_DEV_log_ex"] = "120",
            ["ABACO__workers__sd2e_actor_gid"] = "2000",
        };

        var settings = AbacoConfiguration.Load(null, env);

        Assert.Equal(120, settings.ForTenant("DEV").Web.LogEx);
        Assert.Equal("2000", settings.ForTenant("SD2E").Workers.ActorGid);
        Assert.Equal(AbacoSettings.Defaults.Web.LogEx, settings.ForTenant("SD2E").Web.LogEx);
    }

    [Fact(DisplayName = "A tenant variant is validated like its global key, and a key that is no variant is still refused")]
    public void Variants_are_validated()
    {
        var badValue = _dir.Write("bad.hocon", "abaco.web.DEV_log_ex_limit = soon");
        var notAVariant = _dir.Write("typo.hocon", "abaco.web.DEV_max_log_length = 10");

        var valueError = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(badValue, Env.None));
        var keyError = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(notAVariant, Env.None));

        Assert.Contains("abaco.web.DEV_log_ex_limit must be a whole number", valueError.Message);
        Assert.Contains("abaco.web.DEV_max_log_length is not a known key", keyError.Message);
    }

    [Fact(DisplayName = "Every option that takes a tenant variant is read for that tenant")]
    public void Every_tenant_option_is_read()
    {
        var values = new Dictionary<string, string>
        {
            ["default_token"] = "true", ["log_ex"] = "60", ["log_ex_limit"] = "120", ["generate_clients"] = "yes",
            ["global_mounts"] = "[\"/a:/b:ro\"]", ["actor_uid"] = "\"1\"", ["actor_gid"] = "\"2\"", ["actor_homedir"] = "/home/t",
        };
        var lines = TenantOverrides.KeysBySection.SelectMany(section =>
            section.Value.Select(option => $"abaco.{section.Key}.T_{option} = {values[option]}"));
        var file = _dir.Write("every.hocon", string.Join('\n', lines));

        var own = Assert.Single(AbacoConfiguration.Load(file, Env.None).Tenants).Value;

        Assert.Equal(values.Count, TenantOverrides.KeysBySection.Values.Sum(options => options.Length));
        Assert.Equal(["/a:/b:ro"], own.GlobalMounts!.Value.ToArray());
        Assert.Equal(new TenantOverrides
        {
            DefaultToken = true, LogEx = 60, LogExLimit = 120, GenerateClients = true,
            GlobalMounts = own.GlobalMounts, ActorUid = "1", ActorGid = "2", ActorHomedir = "/home/t",
        }, own);
    }

    [Fact(DisplayName = "Without tenant variants every tenant gets the global settings unchanged")]
    public void No_variants()
    {
        var settings = AbacoConfiguration.Load(null, Env.None);

        Assert.Same(settings, settings.ForTenant("DEV"));
    }
}
