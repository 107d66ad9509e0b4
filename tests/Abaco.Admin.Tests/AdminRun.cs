using System.Text;
using Abaco.Admin;

namespace Abaco.Admin.Tests;

/// <summary>What one run of <c>abaco-admin</c> printed and its exit code.</summary>
internal sealed record AdminResult(int Code, string Out, string Err)
{
    public override string ToString() => $"exit {Code}\nstdout:\n{Out}\nstderr:\n{Err}";
}

/// <summary>Runs the client in this process, as the executable would run, with its console replaced.</summary>
internal static class AdminRun
{
    public static async Task<AdminResult> RunAsync(params string[] args) => await RunAsync(args, stdin: "");

    public static async Task<AdminResult> RunAsync(string[] args, string stdin,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, new StringReader(stdin), stdout, stderr,
            name => environment?.GetValueOrDefault(name), terminal: false, new Interrupts())
            .WaitAsync(TimeSpan.FromSeconds(120));
        return new AdminResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A tail (<c>cluster tail</c>, <c>log tail</c>) running in the background until stopped.</summary>
    public static Tail StartTail(params string[] args) => new(args);

    internal sealed class Tail : IAsyncDisposable
    {
        private readonly StringBuilder _text = new();
        private readonly Interrupts _interrupts = new();
        private readonly TextWriter _writer;
        private readonly Task<int> _run;

        public Tail(string[] args)
        {
            // One synchronized writer for stdout and stderr: its methods lock the writer, so reading does too.
            _writer = TextWriter.Synchronized(new StringWriter(_text));
            _run = Program.RunAsync(args, new StringReader(""), _writer, _writer, _ => null, terminal: false, _interrupts);
        }

        public string Text
        {
            get
            {
                lock (_writer) return _text.ToString();
            }
        }

        /// <summary>Ctrl+C: the tail ends with exit code 0.</summary>
        public async Task<int> StopAsync()
        {
            _interrupts.Interrupt();
            return await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_run.IsCompleted) await StopAsync();
        }
    }
}
