using Abaco.Core.Permissions;
using Abaco.Stores.Tests.Backends;

namespace Abaco.Stores.Tests;

public abstract class PermissionStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private IPermissionStore Permissions => Stores.Permissions;

    [Fact(DisplayName = "An object's entries read back in the order users were first granted, with their levels")]
    public async Task Grant_order()
    {
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "bob", PermissionLevel.Read);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", PermissionLevels.World, PermissionLevel.Execute);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "alice", PermissionLevel.None);

        Assert.Equal(
            [
                new PermissionEntry("jdoe", PermissionLevel.Update), new PermissionEntry("bob", PermissionLevel.Read),
                new PermissionEntry(PermissionLevels.World, PermissionLevel.Execute), new PermissionEntry("alice", PermissionLevel.None),
            ],
            await Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"));
    }

    [Fact(DisplayName = "Re-granting a user changes only its level: it keeps its place, and new users still go last")]
    public async Task Regrant_keeps_place()
    {
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "bob", PermissionLevel.Read);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "carol", PermissionLevel.Read);

        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Read);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "bob", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "dave", PermissionLevel.Execute);

        Assert.Equal(
            [
                new PermissionEntry("jdoe", PermissionLevel.Read), new PermissionEntry("bob", PermissionLevel.Update),
                new PermissionEntry("carol", PermissionLevel.Read), new PermissionEntry("dave", PermissionLevel.Execute),
            ],
            await Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"));
    }

    [Fact(DisplayName = "An object never granted, or whose permissions were deleted, has no permission document (null)")]
    public async Task Missing_and_deleted_are_null()
    {
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a2", "jdoe", PermissionLevel.Update);

        await Permissions.DeleteAsync(PermissionScope.Actor, "DEV_a1");
        await Permissions.DeleteAsync(PermissionScope.Actor, "DEV_never");

        Assert.Null(await Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"));
        Assert.Null(await Permissions.GetAsync(PermissionScope.Actor, "DEV_never"));
        Assert.Single((await Permissions.GetAsync(PermissionScope.Actor, "DEV_a2"))!);
    }

    [Fact(DisplayName = "A re-created object starts a fresh document: the old users are gone and the new owner is first")]
    public async Task Recreated_object_starts_fresh()
    {
        await Permissions.SetAsync(PermissionScope.Alias, "DEV_hello", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Alias, "DEV_hello", "bob", PermissionLevel.Read);
        await Permissions.DeleteAsync(PermissionScope.Alias, "DEV_hello");

        await Permissions.SetAsync(PermissionScope.Alias, "DEV_hello", "carol", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Alias, "DEV_hello", "jdoe", PermissionLevel.Read);

        Assert.Equal(
            [new PermissionEntry("carol", PermissionLevel.Update), new PermissionEntry("jdoe", PermissionLevel.Read)],
            await Permissions.GetAsync(PermissionScope.Alias, "DEV_hello"));
    }

    [Fact(DisplayName = "Actor, alias and config permissions are separate even for the same object id")]
    public async Task Scopes_are_separate()
    {
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_x", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Alias, "DEV_x", "bob", PermissionLevel.Read);

        await Permissions.DeleteAsync(PermissionScope.Config, "DEV_x");

        Assert.Equal([new PermissionEntry("jdoe", PermissionLevel.Update)], await Permissions.GetAsync(PermissionScope.Actor, "DEV_x"));
        Assert.Equal([new PermissionEntry("bob", PermissionLevel.Read)], await Permissions.GetAsync(PermissionScope.Alias, "DEV_x"));
        Assert.Null(await Permissions.GetAsync(PermissionScope.Config, "DEV_x"));
        Assert.Empty(await Permissions.ObjectsWithEntryForAsync(PermissionScope.Config, "jdoe"));
    }

    [Fact(DisplayName = "Objects shared with a user are found at any level (NONE included), per scope, with exact user names")]
    public async Task Objects_with_entry_for_user()
    {
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a2", "bob", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a2", "jdoe", PermissionLevel.None);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a3", "bob", PermissionLevel.Read);
        await Permissions.SetAsync(PermissionScope.Actor, "PROD_a4", "jdoe", PermissionLevel.Read);
        await Permissions.SetAsync(PermissionScope.Alias, "DEV_hello", "jdoe", PermissionLevel.Read);
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a5", "JDoe", PermissionLevel.Read);

        var objects = await Permissions.ObjectsWithEntryForAsync(PermissionScope.Actor, "jdoe");

        Assert.Equal(["DEV_a1", "DEV_a2", "PROD_a4"], objects.Order(StringComparer.Ordinal));
        Assert.Equal(["DEV_hello"], await Permissions.ObjectsWithEntryForAsync(PermissionScope.Alias, "jdoe"));
        Assert.Empty(await Permissions.ObjectsWithEntryForAsync(PermissionScope.Actor, "nobody"));
    }

    [Fact(DisplayName = "Objects of different tenants, even differing only in case, keep separate permissions")]
    public async Task Tenant_isolation()
    {
        await Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Update);
        await Permissions.SetAsync(PermissionScope.Actor, "dev_a1", "bob", PermissionLevel.Read);

        await Permissions.DeleteAsync(PermissionScope.Actor, "dev_a1");

        Assert.Equal([new PermissionEntry("jdoe", PermissionLevel.Update)], await Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"));
        Assert.Null(await Permissions.GetAsync(PermissionScope.Actor, "dev_a1"));
    }

    [Fact(DisplayName = "100 users granted concurrently all get an entry, each in a stable place that re-grants do not move")]
    public async Task Concurrent_grants()
    {
        var users = Enumerable.Range(0, 100).Select(i => $"user{i}").ToArray();

        await Task.WhenAll(users.Select(u => Task.Run(() => Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", u, PermissionLevel.Read))));
        var first = (await Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"))!.Select(e => e.User).ToArray();
        await Task.WhenAll(users.Reverse().Select(u => Task.Run(() => Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", u, PermissionLevel.Execute))));
        var after = (await Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"))!;

        Assert.Equal(users.Order(StringComparer.Ordinal), first.Order(StringComparer.Ordinal));
        Assert.Equal(first, after.Select(e => e.User));
        Assert.All(after, e => Assert.Equal(PermissionLevel.Execute, e.Level));
    }
}

public sealed class SqlitePermissionStoreSpecs() : PermissionStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresPermissionStoreSpecs() : PermissionStoreSpecs(new PostgresStoresUnderTest());
