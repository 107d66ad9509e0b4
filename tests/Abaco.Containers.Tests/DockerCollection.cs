namespace Abaco.Containers.Tests;

/// <summary>The Docker specs share one fixture and run one at a time (the machine has 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "docker";
}
