using System.CommandLine;
using Abaco.Cli.Http;
using Abaco.Cli.Output;
using Abaco.Cli.Settings;

namespace Abaco.Cli.Commands;

/// <summary>One command being run: its parsed line, its environment, and (made on first use) its client and printer.</summary>
public sealed class Call(ParseResult parse, GlobalOptions globals, CliEnvironment environment, CancellationToken ct) : IDisposable
{
    private AbacoClient? _client;
    private Printer? _printer;

    public ParseResult Parse => parse;
    public CliEnvironment Environment => environment;
    public CancellationToken Cancel => ct;
    public TextWriter Out => environment.Out;
    public TextWriter Err => environment.Err;

    public AbacoClient Client => _client ??= new AbacoClient(
        ConnectionResolver.Resolve(globals.Flags(parse), environment, ProfileStore.For(environment).Load()),
        TimeSpan.FromSeconds(parse.GetValue(globals.RequestTimeout)));

    public Connection Connection => Client.Connection;

    public Printer Printer => _printer ??= new Printer(OutputFormats.Choose(parse.GetValue(globals.Output), environment), Out);

    public ConnectionFlags Flags => globals.Flags(parse);

    public T Value<T>(Option<T> option) => parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => parse.GetValue(argument)!;

    /// <summary>A request field name in the node's case.</summary>
    public string Field(string snakeName) => Connection.Field(snakeName);

    public Task PrintAsync(AbacoReply reply, IReadOnlyList<string>? columns = null) =>
        Printer.PrintAsync(reply.Result, reply.Message, columns);

    /// <summary>Raw bytes to standard output (results, synchronous answers), after any text already written.</summary>
    public async Task WriteBytesAsync(byte[] bytes)
    {
        await Out.FlushAsync(ct);
        await environment.RawOut.WriteAsync(bytes, ct);
        await environment.RawOut.FlushAsync(ct);
    }

    public void Dispose() => _client?.Dispose();
}
