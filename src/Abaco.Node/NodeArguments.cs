namespace Abaco.Node;

/// <summary>The command line: <c>--config &lt;file&gt;</c> (else <c>ABACO_CONF</c>, else the built-in defaults).</summary>
public sealed record NodeArguments(string? ConfigPath)
{
    public static NodeArguments Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--config" or "-c")
            {
                if (i + 1 >= args.Count) throw new ArgumentException("--config needs a file path.");
                config = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                config = arg["--config=".Length..];
            }
            else if (arg is "--help" or "-h")
            {
                throw new ArgumentException(Usage);
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{arg}'.\n{Usage}");
            }
        }
        return new NodeArguments(config);
    }

    public const string Usage = "usage: Abaco.Node [--config <file.hocon>]   (or set ABACO_CONF)";
}
