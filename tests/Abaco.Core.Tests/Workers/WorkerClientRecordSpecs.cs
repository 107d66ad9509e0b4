using Abaco.Core.Security;
using Abaco.Core.Workers;

namespace Abaco.Core.Tests.Workers;

public sealed class WorkerClientRecordSpecs
{
    private static readonly DateTime T0 = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact(DisplayName = "A new client belongs to its worker and has a random id of 16 bytes, base64url")]
    public void New_client()
    {
        var client = WorkerClientRecord.New("SD2E", "actor1", "worker1", "jdoe", T0);

        Assert.Equal(("SD2E", "actor1", "worker1", "jdoe", T0), (client.Tenant, client.ActorId, client.WorkerId,
            client.Owner, client.CreateTime));
        Assert.Equal("SD2E_actor1", client.ActorDbId);
        Assert.Equal(16, LenientBase64.Decode(client.ClientId)!.Length);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", client.ClientId);
    }

    [Fact(DisplayName = "Every new client has its own id")]
    public void Unique_ids()
    {
        var ids = Enumerable.Range(0, 100)
            .Select(_ => WorkerClientRecord.New("SD2E", "actor1", "worker1", "jdoe", T0).ClientId);

        Assert.Equal(100, ids.Distinct().Count());
    }
}
