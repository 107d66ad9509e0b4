using Abaco.Api.Routes;
using Abaco.Core.Ids;

namespace Abaco.Api.Tests;

public sealed class ActorIdentifiersSpecs
{
    [Fact(DisplayName = "An actor id is a Hashid and an alias is not, asked once or many times")]
    public void Remembered_answers_match_the_decoder()
    {
        var id = AbacoIds.NewId();
        string[] identifiers = [id, "my-alias", id[..^1], "", new string('a', 100)];

        for (var round = 0; round < 3; round++)
        {
            foreach (var identifier in identifiers)
                Assert.Equal(AbacoIds.IsHashid(identifier), ActorIdentifiers.IsHashid(identifier));
        }
        Assert.True(ActorIdentifiers.IsHashid(id));
        Assert.False(ActorIdentifiers.IsHashid("my-alias"));
    }

    [Fact(DisplayName = "More identifiers than are remembered still get the right answer")]
    public void Answers_stay_right_past_the_bound()
    {
        var ids = Enumerable.Range(0, 5000).Select(_ => AbacoIds.NewId()).ToList();
        Assert.All(ids, id => Assert.True(ActorIdentifiers.IsHashid(id)));
        Assert.All(ids.Take(10), id => Assert.True(ActorIdentifiers.IsHashid(id)));
        Assert.False(ActorIdentifiers.IsHashid("an-alias-after-many-ids"));
    }
}
