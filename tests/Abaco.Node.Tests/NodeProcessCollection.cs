namespace Abaco.Node.Tests;

/// <summary>Specs that run node processes take turns: two of them at once would share two cores with the build.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeProcessCollection
{
    public const string Name = "Node processes";
}
