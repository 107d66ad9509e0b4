using Abaco.Containers.Ipc;
using Xunit;

namespace Abaco.Containers.Tests;

public sealed class ResultBudgetSpecs
{
    [Fact(DisplayName = "Results are taken up to the count limit; later ones are refused and counted")]
    public void Count_limit()
    {
        var budget = new ResultBudget(maxResults: 2, maxBytes: long.MaxValue);

        Assert.Equal([true, true, false, false], new[] { 1, 1, 1, 1 }.Select(budget.TryTake));
        Assert.Equal((2, 2), (budget.Accepted, budget.Dropped));
    }

    [Fact(DisplayName = "A result that would pass the byte limit is refused, a smaller one after it still fits")]
    public void Byte_limit()
    {
        var budget = new ResultBudget(maxResults: 100, maxBytes: 10);

        Assert.True(budget.TryTake(6));
        Assert.False(budget.TryTake(5));
        Assert.True(budget.TryTake(4));
        Assert.False(budget.TryTake(0 + 1));
        Assert.Equal((2, 10L, 2), (budget.Accepted, budget.AcceptedBytes, budget.Dropped));
    }
}
