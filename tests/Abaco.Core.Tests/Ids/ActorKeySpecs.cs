using Abaco.Core.Ids;

namespace Abaco.Core.Tests.Ids;

public sealed class ActorKeySpecs
{
    [Theory(DisplayName = "ActorKey.Parse splits a db id at its last underscore, so tenants may hold underscores and dashes")]
    [InlineData("DEV_AKeo3XGAGyRr", "DEV", "AKeo3XGAGyRr")]
    [InlineData("DEV_STAGING_AKeo3XGAGyRr", "DEV_STAGING", "AKeo3XGAGyRr")]
    [InlineData("SD2E-DEV_AKeo3XGAGyRr", "SD2E-DEV", "AKeo3XGAGyRr")]
    [InlineData("my_odd-tenant_x_DlzypRjPkkWV", "my_odd-tenant_x", "DlzypRjPkkWV")]
    [InlineData("dev_staging_a", "dev_staging", "a")]
    public void Parse_splits_at_the_last_underscore(string dbId, string tenant, string id)
    {
        var key = ActorKey.Parse(dbId);

        Assert.Equal(tenant, key.Tenant);
        Assert.Equal(new ActorId(id), key.Id);
        Assert.Equal(dbId, key.DbId);
        Assert.Equal(dbId, key.ToString());
    }

    [Theory(DisplayName = "DbId is {tenant}_{id} and parses back to the same key")]
    [InlineData("DEV")]
    [InlineData("DEV_STAGING")]
    [InlineData("SD2E-DEV")]
    [InlineData("a-b_c-d")]
    public void DbId_round_trips(string tenant)
    {
        var key = ActorKey.New(tenant);

        Assert.Equal($"{tenant}_{key.Id.Value}", key.DbId);
        Assert.True(AbacoIds.IsHashid(key.Id.Value));
        Assert.Equal(key, ActorKey.Parse(key.DbId));
    }

    [Theory(DisplayName = "ActorKey.Parse rejects strings that are not <tenant>_<id>")]
    [InlineData("")]
    [InlineData("AKeo3XGAGyRr")]
    [InlineData("_AKeo3XGAGyRr")]
    [InlineData("DEV_")]
    [InlineData("_")]
    public void Parse_rejects_malformed_db_ids(string dbId)
    {
        var error = Assert.Throws<FormatException>(() => ActorKey.Parse(dbId));
        Assert.Contains($"'{dbId}'", error.Message);
    }

    [Fact(DisplayName = "Ids print as their value")]
    public void Ids_print_as_their_value()
    {
        Assert.Equal("x1", new ActorId("x1").ToString());
        Assert.Equal("x2", new ExecutionId("x2").ToString());
        Assert.Equal("x3", new WorkerId("x3").ToString());
    }
}
