using Abaco.Api.Http;

namespace Abaco.Api.Tests;

public sealed class CanonicalPathSpecs
{
    [Theory(DisplayName = "Repeated slashes merge, a trailing slash drops, escapes decode")]
    [InlineData("/actors", "/actors")]
    [InlineData("//actors", "/actors")]
    [InlineData("/actors/", "/actors")]
    [InlineData("///actors//abc///messages//", "/actors/abc/messages")]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    [InlineData("/actors/%53EARCH/actors", "/actors/SEARCH/actors")]
    [InlineData("/actors/%61liases/x", "/actors/aliases/x")]
    [InlineData("/actors/caf%C3%A9", "/actors/café")]
    [InlineData("/actors/50%25", "/actors/50%")]
    [InlineData("/actors/a%zz", "/actors/a%zz")]
    [InlineData("/actors/.hidden/..x", "/actors/.hidden/..x")]
    public void Canonical(string raw, string canonical) => Assert.Equal((canonical, null), CanonicalPath.Of(raw));

    [Theory(DisplayName = "What two readers could take for different paths is refused")]
    [InlineData("/actors/a%2Fb", "encoded '/'")]
    [InlineData("/actors/a%2fb", "encoded '/'")]
    [InlineData("/actors/x/..", "'..' segment")]
    [InlineData("/actors/x/%2e%2e/search/actors", "'..' segment")]
    [InlineData("/actors/./x", "'..' segment")]
    [InlineData("/actors/%2E/x", "'..' segment")]
    [InlineData("/actors/%FF", "not valid UTF-8")]
    [InlineData("/actors/%C3", "not valid UTF-8")]
    [InlineData("/actors/a%00b", "control character")]
    [InlineData("/actors/a%0Ab", "control character")]
    public void Refused(string raw, string problem)
    {
        var (path, refusal) = CanonicalPath.Of(raw);

        Assert.Null(path);
        Assert.Contains(problem, refusal);
    }

    [Theory(DisplayName = "The path of a request target")]
    [InlineData("/actors?x=1", "/actors")]
    [InlineData("//actors#frag", "//actors")]
    [InlineData("http://host:80//actors/x?y", "//actors/x")]
    [InlineData("http://host", "/")]
    [InlineData("*", null)]
    [InlineData("", null)]
    public void Target(string target, string? path) => Assert.Equal(path, CanonicalPath.PathOfTarget(target));
}
