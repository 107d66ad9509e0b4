using System.CommandLine;

namespace Abaco.Cli.Commands;

/// <summary>The whole <c>abaco</c> command tree, built for one environment.</summary>
public static class AbacoRoot
{
    public const string Description =
        """
        A command line client of the Abaco REST API.

        Connection: flags win over environment variables (ABACO_URL, ABACO_TENANT, ABACO_JWT, ABACO_TOKEN,
        ABACO_NONCE, ABACO_CASE, ABACO_PROFILE), which win over the profile file (~/.abaco/config or $ABACO_CONFIG).

        Exit codes: 0 ok; 1 Abaco refused (HTTP 4xx); 2 bad command line; 3 Abaco unreachable or failing (5xx);
        4 a wait timed out; 5 the awaited execution ended in ERROR; 130 interrupted. 'abaco run' exits with the
        container's exit code once the execution has finished.
        """;

    public static RootCommand Build(CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var kit = new CommandKit(globals, environment);
        var root = new RootCommand(Description);
        foreach (var option in globals.All) root.Options.Add(option);
        Command[] commands =
        [
            ActorCommands.Actors(kit),
            MessageCommands.Messages(kit),
            ExecutionCommands.Executions(kit),
            ExecutionCommands.Logs(kit),
            ExecutionCommands.Results(kit),
            ExecutionCommands.Wait(kit),
            RunCommand.Run(kit),
            WorkerCommands.Workers(kit),
            ActorCommands.State(kit),
            SharingCommands.Nonces(kit),
            SharingCommands.Aliases(kit),
            SharingCommands.Permissions(kit),
            ConfigCommands.Configs(kit),
            SearchCommands.Search(kit),
            SearchCommands.Admin(kit),
            ProfileCommands.Profile(kit),
            CompletionCommand.Completion(kit),
        ];
        foreach (var command in commands) root.Subcommands.Add(command);
        return root;
    }
}
