using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Abaco.Containers.Warm;

/// <summary>
/// The frames between a warm worker and the runner in its container (src/Abaco.WarmRunner/runner.c): a 4-byte
/// little-endian length, then the payload. A run request is <c>'R'</c> followed by NUL-terminated items
/// <c>&lt;tag&gt;&lt;value&gt;</c>; a stop request is <c>'S'</c>; answers are one line of text.
/// </summary>
public static class WarmRunnerProtocol
{
    /// <summary>The runner refuses frames larger than this (the environment of one execution is far smaller).</summary>
    public const int MaxFrame = 16 * 1024 * 1024;

    public static byte[] RunRequest(WarmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = new MemoryStream();
        payload.WriteByte((byte)'R');
        foreach (var argument in request.Command) Item(payload, 'a', argument);
        foreach (var (name, value) in request.Environment) Item(payload, 'e', $"{name}={value}");
        Item(payload, 'l', request.LogPath);
        if (request.ResultsSocketPath is { } results) Item(payload, 'r', results);
        if (request.BinaryFifoPath is { } fifo) Item(payload, 'b', fifo);
        Item(payload, 'g', ((int)Math.Ceiling(request.StopGrace.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        return Frame(payload.ToArray());
    }

    public static byte[] StopRequest() => Frame([(byte)'S']);

    /// <summary>Reads one answer's text; null when the runner closed the connection (or sent nonsense).</summary>
    public static async Task<string?> ReadAnswerAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[4];
        if (!await ReadFullyAsync(stream, header, ct)) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is <= 0 or > MaxFrame) return null;
        var payload = new byte[length];
        return await ReadFullyAsync(stream, payload, ct) ? Encoding.UTF8.GetString(payload) : null;
    }

    /// <summary>What one answer says.</summary>
    public static WarmAnswer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var (word, rest) = space < 0 ? (text, "") : (text[..space], text[(space + 1)..]);
        var numbers = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return word switch
        {
            "started" when numbers.Length == 1 && int.TryParse(numbers[0], CultureInfo.InvariantCulture, out var pid) =>
                new WarmAnswer.Started(pid),
            "exit" when numbers.Length is 3 or 8 && long.TryParse(numbers[0], CultureInfo.InvariantCulture, out var code)
                                                 && long.TryParse(numbers[1], CultureInfo.InvariantCulture, out var cpu)
                                                 && long.TryParse(numbers[2], CultureInfo.InvariantCulture, out var io) =>
                new WarmAnswer.Exited(code, cpu, io) { Steps = RunnerSteps.Parse(numbers.AsSpan(3)) },
            "error" => new WarmAnswer.Failed(rest),
            _ => new WarmAnswer.Failed($"the runner answered something unexpected: '{text}'"),
        };
    }

    private static void Item(Stream payload, char tag, string value)
    {
        if (value.Contains('\0'))
            throw new ArgumentException($"A warm execution's '{tag}' item may not contain NUL", nameof(value));
        payload.WriteByte((byte)tag);
        payload.Write(Encoding.UTF8.GetBytes(value));
        payload.WriteByte(0);
    }

    private static byte[] Frame(byte[] payload)
    {
        if (payload.Length > MaxFrame)
            throw new ArgumentException($"A warm execution's request is larger than {MaxFrame} bytes");
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    private static async Task<bool> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}

/// <summary>One execution for the runner; every path is as the container sees it.</summary>
/// <param name="Command">The image's entrypoint followed by its command.</param>
/// <param name="StopGrace">Between SIGTERM and SIGKILL when the execution is stopped.</param>
public sealed record WarmRequest(
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    string LogPath,
    string? ResultsSocketPath,
    string? BinaryFifoPath,
    TimeSpan StopGrace);

/// <summary>An answer of the runner.</summary>
public abstract record WarmAnswer
{
    private WarmAnswer() { }

    /// <summary>The execution's process runs.</summary>
    public sealed record Started(int Pid) : WarmAnswer;

    /// <summary>It ended: exit code (128 + signal when killed), CPU time and block I/O of the process.</summary>
    public sealed record Exited(long ExitCode, long CpuNanos, long IoBytes) : WarmAnswer
    {
        /// <summary>When the runner did its steps; null from a runner that does not say.</summary>
        public RunnerSteps? Steps { get; init; }
    }

    /// <summary>It could not be started, with the runner's reason.</summary>
    public sealed record Failed(string Reason) : WarmAnswer;
}
