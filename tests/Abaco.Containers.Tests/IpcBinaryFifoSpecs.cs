using System.Runtime.Versioning;
using System.Security.Cryptography;
using Abaco.Containers.Ipc;

namespace Abaco.Containers.Tests;

/// <summary>The binary-message FIFO, read by real containers and by host-side readers.</summary>
[Collection(DockerCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class IpcBinaryFifoSpecs(DockerFixture docker) : IDisposable
{
    private const int FiveMegabytes = 5 * 1024 * 1024;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _fifoDir = Directory.CreateTempSubdirectory("abaco-fifo-");
    private readonly List<Exception> _errors = [];

    public void Dispose() => _fifoDir.Delete(recursive: true);

    [Theory(DisplayName = "A container (uid 1234) reads the whole message and then EOF, opening the FIFO at once or late")]
    [InlineData(10, 0)]
    [InlineData(10, 2)]
    [InlineData(FiveMegabytes, 0)]
    [InlineData(FiveMegabytes, 2)]
    public async Task Container_reads_the_whole_message(int size, int readerDelaySeconds)
    {
        await using var scope = new ContainerScope(docker);
        await using var fifo = Create("ex1");
        var message = RandomBytes(size);
        var spec = scope.Spec(DockerFixture.BusyboxImage) with
        {
            User = "1234:1234",
            Mounts = [new ContainerMount(fifo.HostPath, BinaryFifo.ContainerPath, ReadOnly: true)],
            // sha256sum only prints once it has seen EOF, so a digest in the logs means: all bytes, then EOF.
            Command = ["/bin/busybox", "sh", "-c", $"sleep {readerDelaySeconds}; /bin/busybox sha256sum < {BinaryFifo.ContainerPath}"],
        };

        fifo.StartWriting(message);
        var outcome = await scope.RunAsync(spec, maxRunTime: TimeSpan.FromSeconds(60));

        Assert.False(outcome.StoppedByAbaco, "the reader never saw EOF");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"{Sha256(message)}  -\n", outcome.Logs);
        Assert.True(await fifo.HandedOver.WaitAsync(Within));
        Assert.Empty(_errors);
    }

    [Theory(DisplayName = "A host reader that opens late and reads to EOF (like Python's open().read()) gets every byte")]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(FiveMegabytes)]
    public async Task Late_blocking_reader_gets_everything(int size)
    {
        await using var fifo = Create("ex1");
        var message = RandomBytes(size);

        fifo.StartWriting(message);
        var reading = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // plays a container that starts slowly; not synchronisation
            return await File.ReadAllBytesAsync(fifo.HostPath);
        });

        Assert.Equal(message, await reading.WaitAsync(Within));
        Assert.True(await fifo.HandedOver.WaitAsync(Within));
        Assert.Empty(_errors);
    }

    [Theory(DisplayName = "agavepy's non-blocking reader (read until the pipe is empty) gets every byte of a message that fits the pipe")]
    [InlineData(10)]
    [InlineData(1_000_000)]
    public async Task Non_blocking_reader_gets_everything(int size)
    {
        await using var fifo = Create("ex1");
        var message = RandomBytes(size);

        fifo.StartWriting(message);
        var received = ReadLikeAgavepy(fifo.HostPath);

        Assert.Equal(message, received);
        Assert.Empty(_errors);
    }

    [Fact(DisplayName = "StartWriting returns at once for 5 MB nobody reads, and CloseAsync stops the writer and removes the FIFO")]
    public async Task Close_without_a_reader()
    {
        var fifo = Create("ex1");
        var workerDir = Path.GetDirectoryName(fifo.HostPath)!;

        await Task.Run(() => fifo.StartWriting(RandomBytes(FiveMegabytes))).WaitAsync(Within);
        Assert.False(fifo.HandedOver.IsCompleted);
        await fifo.CloseAsync().WaitAsync(Within);

        Assert.False(await fifo.HandedOver);
        Assert.False(File.Exists(fifo.HostPath));
        Assert.False(Directory.Exists(workerDir));
        Assert.True(_fifoDir.Exists);
        Assert.Throws<ObjectDisposedException>(() => fifo.StartWriting(new byte[1]));
        Assert.Empty(_errors);
    }

    [Fact(DisplayName = "The FIFO is 0666 at {fifoDir}/{workerId}/{executionId}, replaces a stale file, and is removed on close")]
    public async Task Fifo_file_lifecycle()
    {
        var stale = Path.Combine(_fifoDir.FullName, "w1", "ex1");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "left over from a crash");
        await using var other = Create("ex2");

        var fifo = Create("ex1");
        Assert.Equal(stale, fifo.HostPath);
        Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(fifo.HostPath));
        await fifo.CloseAsync();
        await fifo.CloseAsync(); // idempotent

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(other.HostPath), "another execution's FIFO keeps the worker dir");
        Assert.False(await fifo.HandedOver);
    }

    [Fact(DisplayName = "StartWriting twice is refused")]
    public async Task Start_writing_once()
    {
        await using var fifo = Create("ex1");

        fifo.StartWriting(new byte[] { 1 });

        Assert.Throws<InvalidOperationException>(() => fifo.StartWriting(new byte[] { 2 }));
    }

    private BinaryFifo Create(string executionId) => BinaryFifo.Create(_fifoDir.FullName, "w1", executionId, e =>
    {
        lock (_errors)
        {
            _errors.Add(e);
        }
    });

    /// <summary>agavepy's get_binary_message: open O_RDONLY|O_NONBLOCK, read until EAGAIN or EOF.</summary>
    private static byte[] ReadLikeAgavepy(string path)
    {
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        Assert.True(fd >= 0, $"open failed: errno {LibC.LastError}");
        try
        {
            using var message = new MemoryStream();
            var frame = new byte[4069];
            while (true)
            {
                var n = LibC.Read(fd, frame);
                if (n <= 0)
                {
                    return message.ToArray(); // 0 = EOF, -1 = EAGAIN: agavepy treats both as the end
                }
                message.Write(frame, 0, (int)n);
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
