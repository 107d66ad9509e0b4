using Abaco.Core.Search;

namespace Abaco.Core.Tests.Search;

public sealed class SearchModeSpecs
{
    [Theory(DisplayName = "A list endpoint searches with more than one parameter, or one that is not x-nonce")]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "x-nonce" }, false)]
    [InlineData(new[] { "x-nonce", "x-nonce" }, false)] // one distinct parameter, as Flask counts them
    [InlineData(new[] { "status" }, true)]
    [InlineData(new[] { "limit" }, true)]
    [InlineData(new[] { "X-Nonce" }, true)] // the name is case-sensitive
    [InlineData(new[] { "x-nonce", "status" }, true)]
    [InlineData(new[] { "status", "status" }, true)]
    [InlineData(new[] { "skip", "limit" }, true)]
    public void Switch(string[] keys, bool expected) => Assert.Equal(expected, SearchQuery.IsSearchRequest(keys));
}
