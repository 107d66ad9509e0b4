using System.Net.Sockets;
using System.Runtime.Versioning;
using Abaco.Containers.Ipc;

namespace Abaco.Containers.Tests;

/// <summary>The results socket, with host-side senders (and one real container) on a temporary socket directory.</summary>
[Collection(DockerCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class IpcResultsSocketSpecs(DockerFixture docker) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _socketDir = Directory.CreateTempSubdirectory("abaco-sock-");
    private readonly Received _received = new();

    public void Dispose() => _socketDir.Delete(recursive: true);

    [Fact(DisplayName = "Datagrams arrive whole and in order, an empty one and one of exactly 128 KiB included")]
    public async Task Datagrams_arrive_in_order()
    {
        await using var results = Bind("ex1");
        byte[][] sent = [[1, 2, 3], RandomBytes(ResultsSocket.MaxDatagramSize), [], "last"u8.ToArray()];

        using var sender = Connect(results);
        foreach (var datagram in sent)
        {
            sender.Send(datagram);
        }

        await Eventually.TrueAsync(() => Task.FromResult(_received.Count == sent.Length), Within, "all datagrams delivered");
        Assert.Equal(sent, _received.Datagrams);
        Assert.Empty(_received.Errors);
    }

    [Fact(DisplayName = "A datagram over 128 KiB is cut to 128 KiB (as in the original) and reported")]
    public async Task Oversized_datagram_is_cut_and_reported()
    {
        await using var results = Bind("ex1");
        var big = RandomBytes(200_000);

        using var sender = Connect(results);
        sender.Send(big);
        sender.Send("next"u8);

        await Eventually.TrueAsync(() => Task.FromResult(_received.Count == 2), Within, "both datagrams delivered");
        Assert.Equal(big[..ResultsSocket.MaxDatagramSize], _received.Datagrams[0]);
        Assert.Equal("next"u8.ToArray(), _received.Datagrams[1]);
        Assert.IsType<InvalidDataException>(Assert.Single(_received.Errors));
    }

    [Fact(DisplayName = "Datagrams still queued at close are delivered before CloseAsync completes")]
    public async Task Close_drains_queued_datagrams()
    {
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = ResultsSocket.Bind(_socketDir.FullName, "w1", "ex1", async datagram =>
        {
            _received.Add(datagram);
            if (_received.Count == 1)
            {
                firstArrived.SetResult();
                await releaseFirst.Task; // the receive loop is stuck here, so the rest stays queued in the kernel
            }
        }, _received.AddError);
        using var sender = Connect(results);

        sender.Send("0"u8);
        await firstArrived.Task.WaitAsync(Within);
        for (var i = 1; i <= 5; i++)
        {
            sender.Send([(byte)('0' + i)]);
        }
        var closing = results.CloseAsync();
        Assert.False(closing.IsCompleted, "CloseAsync waits for the callback in progress");
        releaseFirst.SetResult();
        await closing.WaitAsync(Within);

        Assert.Equal(["0", "1", "2", "3", "4", "5"], _received.Datagrams.Select(d => System.Text.Encoding.ASCII.GetString(d)));
        Assert.Empty(_received.Errors);
    }

    [Fact(DisplayName = "A failing callback is reported and the next datagram is still delivered")]
    public async Task Failing_callback_does_not_stop_the_loop()
    {
        await using var results = ResultsSocket.Bind(_socketDir.FullName, "w1", "ex1", datagram =>
        {
            _received.Add(datagram);
            return datagram[0] == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }, _received.AddError);
        using var sender = Connect(results);

        sender.Send(new byte[] { 1 });
        sender.Send(new byte[] { 2 });

        await Eventually.TrueAsync(() => Task.FromResult(_received.Count == 2), Within, "both datagrams delivered");
        Assert.Equal("boom", Assert.Single(_received.Errors).Message);
    }

    [Fact(DisplayName = "The socket is 0777 at {socketDir}/{workerId}/{executionId}.sock and gone, with its empty worker dir, after close")]
    public async Task Socket_file_lifecycle()
    {
        var results = Bind("ex1");
        var expected = Path.Combine(_socketDir.FullName, "w1", "ex1.sock");

        Assert.Equal(expected, results.HostPath);
        Assert.Equal((UnixFileMode)0b111_111_111, File.GetUnixFileMode(results.HostPath));
        await results.CloseAsync();
        await results.CloseAsync(); // idempotent

        Assert.False(File.Exists(expected));
        Assert.False(Directory.Exists(Path.Combine(_socketDir.FullName, "w1")));
        Assert.True(_socketDir.Exists);
        using var late = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        Assert.ThrowsAny<SocketException>(() => late.Connect(new UnixDomainSocketEndPoint(expected)));
        Assert.Empty(_received.Errors);
    }

    [Fact(DisplayName = "The worker dir stays while another execution's socket is in it")]
    public async Task Worker_dir_is_kept_when_not_empty()
    {
        await using var other = Bind("ex2");
        var results = Bind("ex1");

        await results.CloseAsync();

        Assert.False(File.Exists(results.HostPath));
        Assert.True(File.Exists(other.HostPath));
    }

    [Fact(DisplayName = "A stale file at the socket path is replaced")]
    public async Task Stale_file_is_replaced()
    {
        var stale = Path.Combine(_socketDir.FullName, "w1", "ex1.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "left over from a crash");

        await using var results = Bind("ex1");
        using var sender = Connect(results);
        sender.Send("ok"u8);

        await Eventually.TrueAsync(() => Task.FromResult(_received.Count == 1), Within, "datagram delivered");
    }

    [Fact(DisplayName = "Ids that are not single path segments are refused")]
    public void Bad_ids_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ResultsSocket.Bind(_socketDir.FullName, "..", "ex1", _received.AddAsync));
        Assert.Throws<ArgumentException>(() => ResultsSocket.Bind(_socketDir.FullName, "w1", "a/b", _received.AddAsync));
        Assert.Throws<ArgumentException>(() => ResultsSocket.Bind("relative", "w1", "ex1", _received.AddAsync));
        Assert.Throws<ArgumentException>(() => ResultsSocket.Bind(_socketDir.FullName, "w1", new string('x', 120), _received.AddAsync));
    }

    [Fact(DisplayName = "A container running as another uid sends results through the bind-mounted socket")]
    public async Task Container_sends_results()
    {
        await using var scope = new ContainerScope(docker);
        await using var results = Bind("ex1");
        var spec = scope.Spec(DockerFixture.BusyboxImage) with
        {
            User = "1234:1234",
            // busybox has no datagram client, but logger(1) writes one datagram per message to the Unix socket
            // /dev/log, so the same socket is mounted there too.
            Mounts =
            [
                new ContainerMount(results.HostPath, ResultsSocket.ContainerPath, ReadOnly: false),
                new ContainerMount(results.HostPath, "/dev/log", ReadOnly: false),
            ],
            Command = ["/bin/sh", "-c", "test -S /_abaco_results.sock && echo socket-mounted; logger -t abaco result-1; logger -t abaco result-2"],
        };

        var outcome = await scope.RunAsync(spec, maxRunTime: TimeSpan.FromSeconds(60));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("socket-mounted", outcome.Logs);
        await Eventually.TrueAsync(() => Task.FromResult(_received.Count == 2), Within, "both results delivered");
        var texts = _received.Datagrams.Select(d => System.Text.Encoding.UTF8.GetString(d)).ToList();
        Assert.EndsWith("abaco: result-1", texts[0]);
        Assert.EndsWith("abaco: result-2", texts[1]);
    }

    private ResultsSocket Bind(string executionId) =>
        ResultsSocket.Bind(_socketDir.FullName, "w1", executionId, _received.AddAsync, _received.AddError);

    private static Socket Connect(ResultsSocket results)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(results.HostPath));
        return socket;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private sealed class Received
    {
        private readonly Lock _gate = new();
        private readonly List<byte[]> _datagrams = [];
        private readonly List<Exception> _errors = [];

        public int Count
        {
            get { lock (_gate) { return _datagrams.Count; } }
        }

        public IReadOnlyList<byte[]> Datagrams
        {
            get { lock (_gate) { return [.. _datagrams]; } }
        }

        public IReadOnlyList<Exception> Errors
        {
            get { lock (_gate) { return [.. _errors]; } }
        }

        public void Add(byte[] datagram)
        {
            lock (_gate) { _datagrams.Add(datagram); }
        }

        public Task AddAsync(byte[] datagram)
        {
            Add(datagram);
            return Task.CompletedTask;
        }

        public void AddError(Exception e)
        {
            lock (_gate) { _errors.Add(e); }
        }
    }
}
