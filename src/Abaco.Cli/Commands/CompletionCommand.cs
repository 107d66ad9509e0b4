using System.CommandLine;

namespace Abaco.Cli.Commands;

/// <summary>
/// <c>abaco completion bash|zsh</c>: a script for the shell's startup file. Both ask <c>abaco</c> itself, through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completion always matches the installed version.
/// </summary>
public static class CompletionCommand
{
    public const string Bash =
        """
        # abaco completion for bash: add  eval "$(abaco completion bash)"  to ~/.bashrc
        _abaco_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local rest="${line#"${COMP_WORDS[0]}"}"
            rest="${rest# }"
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _abaco_complete abaco

        """;

    public const string Zsh =
        """
        # abaco completion for zsh: add  eval "$(abaco completion zsh)"  to ~/.zshrc (after compinit)
        _abaco_complete() {
            local rest="${BUFFER[1,CURSOR]#${words[1]}}"
            rest="${rest# }"
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
            compadd -- $candidates
        }
        compdef _abaco_complete abaco

        """;

    public static Command Completion(CommandKit kit)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        return kit.Make("completion", "print the shell completion script (eval \"$(abaco completion bash)\")", async c =>
        {
            await c.Out.WriteAsync(c.Value(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        }, shell);
    }
}
