using Abaco.Cli.Http;

namespace Abaco.Cli.Settings;

/// <summary>The connection settings given on the command line (null = not given).</summary>
public sealed record ConnectionFlags(
    string? Url = null,
    string? Tenant = null,
    string? Jwt = null,
    string? Token = null,
    string? Nonce = null,
    string? Case = null,
    string? Profile = null);

/// <summary>
/// Decides the connection: flags win over environment variables, which win over the profile. URL, tenant and case
/// are decided one by one. The credential (JWT, token, nonce) is taken whole from the first of the three that gives
/// any, so <c>ABACO_TOKEN</c> replaces a profile's JWT instead of being sent beside it.
/// </summary>
public static class ConnectionResolver
{
    public const string DefaultUrl = "http://localhost:8000";

    public static Connection Resolve(ConnectionFlags flags, CliEnvironment environment, ProfileFile profiles)
    {
        var profile = SelectedProfile(flags, environment, profiles);
        var fromEnvironment = new Profile(
            environment.Variable("ABACO_URL"),
            environment.Variable("ABACO_TENANT"),
            environment.Variable("ABACO_JWT"),
            environment.Variable("ABACO_TOKEN"),
            environment.Variable("ABACO_NONCE"),
            environment.Variable("ABACO_CASE"));
        var fromFlags = new Profile(Blank(flags.Url), Blank(flags.Tenant), Blank(flags.Jwt), Blank(flags.Token),
            Blank(flags.Nonce), Blank(flags.Case));
        Profile[] layers = [fromFlags, fromEnvironment, profile ?? new Profile()];

        var credential = layers.FirstOrDefault(l => l.Jwt is not null || l.Token is not null || l.Nonce is not null)
                         ?? new Profile();
        var tenant = layers.Select(l => l.Tenant).FirstOrDefault(t => t is not null);
        if (credential.Jwt is not null && tenant is null)
            throw new CliUsageException("a JWT needs a tenant (--tenant or ABACO_TENANT): it is sent as the header " +
                                        "X-Jwt-Assertion-<TENANT>.");
        return new Connection(
            Url(layers.Select(l => l.Url).FirstOrDefault(u => u is not null)),
            tenant,
            credential.Jwt,
            credential.Jwt is null ? credential.Token : null,
            credential.Jwt is null && credential.Token is null ? credential.Nonce : null,
            Case(layers.Select(l => l.Case).FirstOrDefault(c => c is not null)));
    }

    /// <summary>The profile asked for (<c>--profile</c>, then <c>ABACO_PROFILE</c>), else the file's current one.</summary>
    public static Profile? SelectedProfile(ConnectionFlags flags, CliEnvironment environment, ProfileFile profiles)
    {
        var name = Blank(flags.Profile) ?? environment.Variable("ABACO_PROFILE");
        if (name is null)
            return profiles.Current is { } current && profiles.Profiles.TryGetValue(current, out var used) ? used : null;
        return profiles.Profiles.TryGetValue(name, out var named)
            ? named
            : throw new CliUsageException($"no profile named '{name}' (see 'abaco profile list').");
    }

    public static Uri Url(string? text)
    {
        text ??= DefaultUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"the API URL must be an http:// or https:// URL, not '{text}'.");
        return uri;
    }

    private static FieldCase Case(string? text) => text?.ToLowerInvariant() switch
    {
        null or "snake" => FieldCase.Snake,
        "camel" => FieldCase.Camel,
        _ => throw new CliUsageException($"the case must be 'snake' or 'camel', not '{text}'."),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
