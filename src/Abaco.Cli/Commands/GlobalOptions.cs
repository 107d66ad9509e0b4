using System.CommandLine;
using Abaco.Cli.Settings;

namespace Abaco.Cli.Commands;

/// <summary>The options every command takes: where Abaco is, who we are, how to print.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "Abaco API base URL [env ABACO_URL; default http://localhost:8000]", Recursive = true };
    public Option<string?> Tenant { get; } = new("--tenant") { Description = "tenant: with --jwt the header's suffix, else the 'tenant' header [env ABACO_TENANT]", Recursive = true };
    public Option<string?> Jwt { get; } = new("--jwt") { Description = "JWT sent as X-Jwt-Assertion-<TENANT> [env ABACO_JWT]", Recursive = true };
    public Option<string?> Token { get; } = new("--token") { Description = "Abaco access token sent as 'Authorization: Bearer' [env ABACO_TOKEN]", Recursive = true };
    public Option<string?> Nonce { get; } = new("--nonce") { Description = "nonce id sent as the x-nonce query parameter [env ABACO_NONCE]", Recursive = true };
    public Option<string?> Case { get; } = new("--case") { Description = "field case of the node (web.case): snake or camel [env ABACO_CASE; default snake]", Recursive = true };
    public Option<string?> Profile { get; } = new("--profile") { HelpName = "name", Description = "use this profile of the profile file [env ABACO_PROFILE; default: the current one]", Recursive = true };
    public Option<string?> Output { get; } = new("--output", "-o") { Description = "table, json or yaml [env ABACO_OUTPUT; default table on a terminal, json otherwise]", Recursive = true };
    public Option<double> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "seconds one HTTP request may take",
        DefaultValueFactory = _ => 60,
        Recursive = true,
    };

    public GlobalOptions()
    {
        Case.AcceptOnlyFromAmong("snake", "camel");
        Output.AcceptOnlyFromAmong("table", "json", "yaml");
        Profile.CompletionSources.Add(context => ProfileNames());
        RequestTimeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 3600) r.AddError("--request-timeout must be between 0 and 3600 seconds.");
        });
    }

    public IEnumerable<Option> All => [Url, Tenant, Jwt, Token, Nonce, Case, Profile, Output, RequestTimeout];

    public ConnectionFlags Flags(ParseResult parse) => new(
        parse.GetValue(Url), parse.GetValue(Tenant), parse.GetValue(Jwt), parse.GetValue(Token),
        parse.GetValue(Nonce), parse.GetValue(Case), parse.GetValue(Profile));

    /// <summary>Completion of --profile from the profile file, best effort (a broken file completes nothing).</summary>
    private static IEnumerable<string> ProfileNames()
    {
        try
        {
            return ProfileStore.For(CliEnvironment.Console()).Load().Profiles.Keys;
        }
        catch (CliUsageException)
        {
            return [];
        }
    }
}
