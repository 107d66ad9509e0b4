using Abaco.Cli.Http;
using Abaco.Cli.Settings;

namespace Abaco.Cli.Tests;

/// <summary>Where the connection comes from: flags, then environment, then the profile.</summary>
public class ConnectionResolverSpecs
{
    private static readonly ProfileFile Profiles = new("dev", new Dictionary<string, Profile>
    {
        ["dev"] = new(Url: "http://profile:8000", Tenant: "PROFILE", Jwt: "profile-jwt"),
        ["ci"] = new(Url: "http://ci:8000", Token: "ci-token", Case: "camel"),
    });

    private static CliEnvironment Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new CliEnvironment(TextWriter.Null, TextWriter.Null, Stream.Null, () => Stream.Null,
            name => map.TryGetValue(name, out var value) ? value : null, false, false);
    }

    [Fact]
    public void Flags_win_over_the_environment_which_wins_over_the_profile()
    {
        var env = Environment(("ABACO_URL", "http://env:8000"), ("ABACO_TENANT", "ENV"));

        var fromFlags = ConnectionResolver.Resolve(new ConnectionFlags(Url: "http://flag:8000"), env, Profiles);
        var fromEnvironment = ConnectionResolver.Resolve(new ConnectionFlags(), env, Profiles);
        var fromProfile = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(), Profiles);

        Assert.Equal("http://flag:8000/", fromFlags.Url.AbsoluteUri);
        Assert.Equal("ENV", fromFlags.Tenant);
        Assert.Equal("http://env:8000/", fromEnvironment.Url.AbsoluteUri);
        Assert.Equal(("http://profile:8000/", "PROFILE", "profile-jwt"), (fromProfile.Url.AbsoluteUri, fromProfile.Tenant, fromProfile.Jwt));
    }

    [Fact]
    public void A_credential_from_a_higher_level_replaces_the_profiles_instead_of_joining_it()
    {
        var connection = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(("ABACO_TOKEN", "env-token")), Profiles);

        Assert.Equal("env-token", connection.Token);
        Assert.Null(connection.Jwt);
        Assert.Equal("token", connection.CredentialKind);
        Assert.Equal("PROFILE", connection.Tenant);
    }

    [Fact]
    public void Profile_flag_and_ABACO_PROFILE_pick_a_profile_other_than_the_current_one()
    {
        var byFlag = ConnectionResolver.Resolve(new ConnectionFlags(Profile: "ci"), Environment(), Profiles);
        var byEnvironment = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(("ABACO_PROFILE", "ci")), Profiles);

        Assert.Equal(("http://ci:8000/", "ci-token", FieldCase.Camel), (byFlag.Url.AbsoluteUri, byFlag.Token, byFlag.Case));
        Assert.Equal(byFlag, byEnvironment);
        Assert.Equal("maxUses", byFlag.Field("max_uses"));
    }

    [Fact]
    public void Nothing_anywhere_is_localhost_without_credentials()
    {
        var connection = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(), ProfileFile.Empty);

        Assert.Equal("http://localhost:8000/", connection.Url.AbsoluteUri);
        Assert.Equal("none", connection.CredentialKind);
        Assert.Equal("max_uses", connection.Field("max_uses"));
    }

    [Theory]
    [InlineData("a-jwt", null, null, "a JWT needs a tenant")]
    [InlineData(null, "ftp://x", null, "http:// or https://")]
    [InlineData(null, null, "nobody", "no profile named 'nobody'")]
    public void Settings_that_cannot_work_are_refused_with_the_reason(string? jwt, string? url, string? profile, string reason)
    {
        var e = Assert.Throws<CliUsageException>(() =>
            ConnectionResolver.Resolve(new ConnectionFlags(Url: url, Jwt: jwt, Profile: profile), Environment(), ProfileFile.Empty));

        Assert.Contains(reason, e.Message);
    }
}
