using System.Buffers.Binary;
using System.Text;
using Abaco.Containers.Warm;

namespace Abaco.Containers.Tests;

/// <summary>The frames between a warm worker and its runner (src/Abaco.WarmRunner/runner.c reads the same layout).</summary>
public sealed class WarmRunnerProtocolSpecs
{
    private static readonly WarmRequest Request = new(
        ["python3", "/actors/dispatch.py"],
        new Dictionary<string, string> { ["MSG"] = "hello\nworld", ["_abaco_execution_id"] = "X1" },
        "/_abaco_ipc/X1.log", "/_abaco_ipc/X1.sock", "/_abaco_ipc/X1", TimeSpan.FromSeconds(1.5));

    [Fact(DisplayName = "A run request is its length (little-endian) then 'R' and NUL-terminated tagged items: argv, env, log, socket, FIFO, grace")]
    public void Run_request_layout()
    {
        var frame = WarmRunnerProtocol.RunRequest(Request);

        Assert.Equal(frame.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(frame));
        Assert.Equal((byte)'R', frame[4]);
        var items = Encoding.UTF8.GetString(frame, 5, frame.Length - 5).Split('\0');
        Assert.Equal(
            ["apython3", "a/actors/dispatch.py", "eMSG=hello\nworld", "e_abaco_execution_id=X1", "l/_abaco_ipc/X1.log",
             "r/_abaco_ipc/X1.sock", "b/_abaco_ipc/X1", "g2", ""],
            items);
    }

    [Fact(DisplayName = "Without a binary message the request names no FIFO; a NUL in a value is refused, not sent cut short")]
    public void Optional_fifo_and_nul()
    {
        var items = Encoding.UTF8.GetString(WarmRunnerProtocol.RunRequest(Request with { BinaryFifoPath = null }));
        Assert.DoesNotContain("\0b/", items);

        var withNul = Request with { Environment = new Dictionary<string, string> { ["A"] = "x\0y" } };
        Assert.Throws<ArgumentException>(() => WarmRunnerProtocol.RunRequest(withNul));
    }

    [Fact(DisplayName = "A stop request is the one byte 'S'")]
    public void Stop_request() => Assert.Equal([1, 0, 0, 0, (byte)'S'], WarmRunnerProtocol.StopRequest());

    [Theory(DisplayName = "Answers: started <pid>, exit <code> <cpu ns> <io bytes> [five step times], error <reason>; anything else is a failure that says so")]
    [InlineData("started 42", "Started { Pid = 42 }")]
    [InlineData("exit 137 1500000 4096", "Exited { ExitCode = 137, CpuNanos = 1500000, IoBytes = 4096, Steps =  }")]
    [InlineData("exit 0 1 2 10 20 30 40 50",
        "Exited { ExitCode = 0, CpuNanos = 1, IoBytes = 2, Steps = RunnerSteps { RequestRead = 10, Forking = 20, ExecSeen = 30, Reaped = 40, Answering = 50 } }")]
    [InlineData("exit 0 1 2 10 20 5 40 50", "Exited { ExitCode = 0, CpuNanos = 1, IoBytes = 2, Steps =  }")]
    [InlineData("exit 0 1 2 10 20", "Failed { Reason = the runner answered something unexpected: 'exit 0 1 2 10 20' }")]
    [InlineData("error cannot execute /x: No such file or directory", "Failed { Reason = cannot execute /x: No such file or directory }")]
    [InlineData("exit 1", "Failed { Reason = the runner answered something unexpected: 'exit 1' }")]
    [InlineData("hello", "Failed { Reason = the runner answered something unexpected: 'hello' }")]
    public void Answers(string text, string expected) => Assert.Equal(expected, WarmRunnerProtocol.Parse(text).ToString());

    [Fact(DisplayName = "Answers are read frame by frame; a connection closed mid-frame reads as none")]
    public async Task Reading_answers()
    {
        var bytes = new MemoryStream();
        foreach (var text in new[] { "started 7", "exit 0 0 0" })
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var header = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
            bytes.Write(header);
            bytes.Write(payload);
        }
        bytes.Write([9, 0, 0, 0, (byte)'e']);
        bytes.Position = 0;

        Assert.Equal("started 7", await WarmRunnerProtocol.ReadAnswerAsync(bytes, CancellationToken.None));
        Assert.Equal("exit 0 0 0", await WarmRunnerProtocol.ReadAnswerAsync(bytes, CancellationToken.None));
        Assert.Null(await WarmRunnerProtocol.ReadAnswerAsync(bytes, CancellationToken.None));
    }

    [Theory(DisplayName = "An image's command is its ENTRYPOINT then its CMD, either may be missing")]
    [InlineData(new[] { "/entry" }, new[] { "a", "b" }, new[] { "/entry", "a", "b" })]
    [InlineData(null, new[] { "/bin/sh", "/entry.sh" }, new[] { "/bin/sh", "/entry.sh" })]
    [InlineData(new[] { "/entry" }, null, new[] { "/entry" })]
    [InlineData(null, null, new string[0])]
    public void Image_command(string[]? entrypoint, string[]? cmd, string[] expected) =>
        Assert.Equal(expected, ImageCommand.Of(entrypoint, cmd));
}
