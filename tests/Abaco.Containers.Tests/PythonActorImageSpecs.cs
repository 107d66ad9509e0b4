using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Containers.Tests;

/// <summary>
/// The Python actor image (docker/images/python-actor) against the container contract: MSG parsed with
/// ast.literal_eval, results as datagrams on /_abaco_results.sock, binary messages through the FIFO
/// /_abaco_binary_data, exit codes, SIGTERM, update_state against the API.
/// Build it first: bash scripts/build-python-base.sh &amp;&amp; bash docker/images/build.sh
/// </summary>
[Collection(DockerCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PythonActorImageSpecs(DockerFixture docker)
{
    public const string Image = "abaco/python-actor:latest";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact(DisplayName = "Python actor: get_context parses a JSON message rendered as a Python literal")]
    public async Task Context_parses_a_python_literal_message()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        var spec = Spec(scope, new Dictionary<string, string>
        {
            ["MSG"] = "{'a': 1, 'b': [True, None]}",
            ["_abaco_Content_Type"] = "application/json",
            ["_abaco_username"] = "jdoe",
            ["_abaco_execution_id"] = "ex-42",
            ["_abaco_actor_id"] = "act-7",
            ["_abaco_actor_dbid"] = "DEV_STAGING_act-7",
            ["_abaco_worker_id"] = "wk-3",
            ["_abaco_container_repo"] = Image,
            ["_abaco_actor_name"] = "None",
            ["_abaco_actor_state"] = "{'count': 3, 'tags': ('x', 'y')}",
        });

        var outcome = await scope.RunAsync(spec);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        using var context = PrintedJson(outcome.Logs);
        var root = context.RootElement;
        var message = root.GetProperty("message_dict");
        Assert.Equal(1, message.GetProperty("a").GetInt32());
        var b = message.GetProperty("b");
        Assert.Equal(2, b.GetArrayLength());
        Assert.Equal(JsonValueKind.True, b[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, b[1].ValueKind);
        Assert.Equal("{'a': 1, 'b': [True, None]}", root.GetProperty("raw_message").GetString());
        Assert.Equal("", root.GetProperty("raw_message_parse_log").GetString());
        Assert.Equal("application/json", root.GetProperty("content_type").GetString());
        Assert.Equal("jdoe", root.GetProperty("username").GetString());
        Assert.Equal("ex-42", root.GetProperty("execution_id").GetString());
        Assert.Equal("act-7", root.GetProperty("actor_id").GetString());
        Assert.Equal("DEV_STAGING_act-7", root.GetProperty("actor_dbid").GetString());
        Assert.Equal("DEV_STAGING", root.GetProperty("tenant").GetString());
        Assert.Equal("wk-3", root.GetProperty("worker_id").GetString());
        Assert.Equal(Image, root.GetProperty("actor_repo").GetString());
        Assert.Equal(3, root.GetProperty("state").GetProperty("count").GetInt32());
        Assert.Equal("y", root.GetProperty("state").GetProperty("tags")[1].GetString());
        Assert.Equal("ex-42", root.GetProperty("environment").GetProperty("_abaco_execution_id").GetString());
    }

    [Fact(DisplayName = "Python actor: a plain string message is raw_message, with an empty message_dict")]
    public async Task Context_keeps_a_plain_string_message()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        var spec = Spec(scope, new Dictionary<string, string>
        {
            ["MSG"] = "hello world",
            ["_abaco_Content_Type"] = "str",
            ["_abaco_actor_state"] = "not a literal (",
        });

        var outcome = await scope.RunAsync(spec);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        using var context = PrintedJson(outcome.Logs);
        var root = context.RootElement;
        Assert.Equal("hello world", root.GetProperty("raw_message").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("message_dict").ValueKind);
        Assert.Empty(root.GetProperty("message_dict").EnumerateObject());
        Assert.StartsWith("Error parsing message", root.GetProperty("raw_message_parse_log").GetString());
        Assert.Equal("str", root.GetProperty("content_type").GetString());
        Assert.Equal("not a literal (", root.GetProperty("state").GetString());
    }

    [Theory(DisplayName = "Python actor: the exit mode exits with the code asked for")]
    [InlineData("ACTOR_MODE=exit", "EXIT_CODE=7", 7)]
    [InlineData("MSG={'mode': 'exit', 'code': 42}", "", 42)]
    [InlineData("ACTOR_MODE=exit", "MSG=0", 0)]
    public async Task Exit_mode_exits_with_the_code(string first, string second, int expected)
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        var environment = new Dictionary<string, string>();
        foreach (var pair in new[] { first, second }.Where(p => p.Length > 0))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..at]] = pair[(at + 1)..];
        }

        var outcome = await scope.RunAsync(Spec(scope, environment));

        Assert.True(outcome.ExitCode == expected, $"exit {outcome.ExitCode}, expected {expected}; logs:\n{outcome.Logs}");
        Assert.Contains($"exiting with {expected}\n", outcome.Logs);
        Assert.False(outcome.StoppedByAbaco);
    }

    [Fact(DisplayName = "Python actor: each result is one datagram on the mounted results socket, in order")]
    public async Task Results_arrive_as_datagrams()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var results = new HostResultsSocket();
        var spec = Spec(scope, new Dictionary<string, string> { ["MSG"] = "{'mode': 'results', 'results': ['a', 'bb', 'ccc', 'é']}" }) with
        {
            Mounts = [results.Mount],
        };

        var outcome = await scope.RunAsync(spec);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        Assert.Contains("sent result 1: b'a' (1 bytes)\n", outcome.Logs);
        Assert.Contains("sent 4 results\n", outcome.Logs);
        Assert.Equal("a", Encoding.UTF8.GetString(await results.ReceiveAsync()));
        Assert.Equal("bb", Encoding.UTF8.GetString(await results.ReceiveAsync()));
        Assert.Equal("ccc", Encoding.UTF8.GetString(await results.ReceiveAsync()));
        Assert.Equal("é", Encoding.UTF8.GetString(await results.ReceiveAsync()));
        Assert.Equal(0, results.Pending);
    }

    [Fact(DisplayName = "Python actor: a result of 128 KiB passes, one byte more is refused with a clear error")]
    public async Task Results_are_at_most_128_KiB()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var results = new HostResultsSocket();

        var fits = await scope.RunAsync(Spec(scope, new Dictionary<string, string> { ["MSG"] = "{'mode': 'results', 'sizes': [131072]}" }) with
        {
            Mounts = [results.Mount],
        });
        var tooLarge = await scope.RunAsync(Spec(scope, new Dictionary<string, string> { ["MSG"] = "{'mode': 'results', 'sizes': [131073]}" }) with
        {
            Mounts = [results.Mount],
        });

        Assert.True(fits.ExitCode == 0, $"exit {fits.ExitCode}; logs:\n{fits.Logs}");
        var datagram = await results.ReceiveAsync();
        Assert.Equal(131072, datagram.Length);
        Assert.True(datagram.All(x => x == (byte)'x'), "the datagram is not all 'x'");
        Assert.True(tooLarge.ExitCode == 1, $"exit {tooLarge.ExitCode}; logs:\n{tooLarge.Logs}");
        Assert.Contains("a result is at most 131072 bytes", tooLarge.Logs);
        Assert.Equal(0, results.Pending);
    }

    [Fact(DisplayName = "Python actor: a binary message written to the FIFO and closed is read whole (1 MiB)")]
    public async Task Binary_message_from_a_writer_that_closes()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var results = new HostResultsSocket();
        using var fifo = new HostFifo();
        var payload = RandomNumberGenerator.GetBytes(1024 * 1024);   // far more than a pipe buffer (64 KiB)
        var expected = Convert.ToHexStringLower(SHA256.HashData(payload));
        var spec = Spec(scope, BinaryEnvironment()) with { Mounts = [fifo.Mount, results.Mount] };

        // Opening for writing blocks until the container opens the FIFO for reading, then writes and closes.
        var writer = fifo.WriteAndCloseInBackground(payload);
        var outcome = await scope.RunAsync(spec);
        await fifo.FinishAsync(writer);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        Assert.Contains($"length: {payload.Length}\n", outcome.Logs);
        Assert.Contains($"sha256: {expected}\n", outcome.Logs);
        Assert.Equal(expected, Encoding.ASCII.GetString(await results.ReceiveAsync()));
    }

    [Fact(DisplayName = "Python actor: a binary message left in a FIFO its writer keeps open is read whole (upstream style)")]
    public async Task Binary_message_from_a_writer_that_stays()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var fifo = new HostFifo();
        var payload = RandomNumberGenerator.GetBytes(40_000);   // fits the pipe buffer: written before the start
        var expected = Convert.ToHexStringLower(SHA256.HashData(payload));
        using var held = fifo.OpenReadWriteAndWrite(payload);
        var spec = Spec(scope, BinaryEnvironment()) with { Mounts = [fifo.Mount] };

        var outcome = await scope.RunAsync(spec, maxRunTime: Deadline);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        Assert.False(outcome.StoppedByAbaco);
        Assert.Contains($"length: {payload.Length}\n", outcome.Logs);
        Assert.Contains($"sha256: {expected}\n", outcome.Logs);
        Assert.Contains("no results socket", outcome.Logs);
    }

    [Fact(DisplayName = "Python actor: the sleep mode stops at once on SIGTERM although Python is PID 1")]
    public async Task Sleep_mode_honours_sigterm()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var halt = new CancellationTokenSource();
        var spec = Spec(scope, new Dictionary<string, string> { ["ACTOR_MODE"] = "sleep", ["SLEEP_SECONDS"] = "60" });
        var started = await docker.Runtime.StartAsync(spec, CancellationToken.None);
        var waiting = docker.Runtime.WaitAsync(started, maxRunTime: null, halt.Token);

        // The SIGTERM handler is installed before "sleeping 60" is printed.
        await Eventually.TrueAsync(() => LogsContainAsync(started.ContainerId, "sleeping 60"), Deadline, "the sleep mode announced itself");
        var clock = Stopwatch.StartNew();
        await halt.CancelAsync();
        var outcome = await waiting.WaitAsync(Deadline);

        Assert.True(outcome.StoppedByAbaco);
        Assert.True(outcome.ExitCode == 143, $"exit {outcome.ExitCode} (137 = killed after the grace period); logs:\n{outcome.Logs}");
        Assert.Contains("got SIGTERM\n", outcome.Logs);
        Assert.DoesNotContain("done sleeping", outcome.Logs);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed} to stop");
    }

    [Fact(DisplayName = "Python actor: update_state posts the JSON state with token, tenant and nonce")]
    public async Task Update_state_calls_the_api()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var api = new OneRequestServer(200, """{"result": {"n": 2}, "status": "success", "message": "ok", "version": "test"}""");
        var spec = Spec(scope, new Dictionary<string, string>
        {
            ["MSG"] = "{'mode': 'state', 'set_state': {'n': 2, 'ok': True}}",
            ["_abaco_api_server"] = api.BaseUrl,
            ["_abaco_actor_id"] = "act-7",
            ["_abaco_actor_dbid"] = "DEV_act-7",
            ["_abaco_access_token"] = "tok-123",
            ["x-nonce"] = "DEV_nonce 1",
            ["_abaco_actor_state"] = "{'n': 1}",
        }) with
        {
            Network = "host",   // the container reaches the test's listener on 127.0.0.1
        };

        var outcome = await scope.RunAsync(spec, maxRunTime: Deadline);
        var request = await api.Request.WaitAsync(Deadline);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        Assert.Contains("state: {\"n\": 1}\n", outcome.Logs);
        Assert.Contains("state updated: {", outcome.Logs);
        Assert.Equal("POST /actors/act-7/state?x-nonce=DEV_nonce+1 HTTP/1.1", request.RequestLine);
        Assert.Equal("Bearer tok-123", request.Headers["authorization"]);
        Assert.Equal("DEV", request.Headers["tenant"]);
        Assert.Equal("application/json", request.Headers["content-type"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(2, body.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.True, body.RootElement.GetProperty("ok").ValueKind);
    }

    [Fact(DisplayName = "Python actor: a refused update_state fails the execution with the API's answer")]
    public async Task Refused_update_state_reports_the_body()
    {
        await RequireImageAsync();
        await using var scope = new ContainerScope(docker);
        using var api = new OneRequestServer(400, """{"message": "actor is not stateful", "status": "error"}""");
        var spec = Spec(scope, new Dictionary<string, string>
        {
            ["MSG"] = "{'mode': 'state', 'set_state': 5}",
            ["_abaco_api_server"] = api.BaseUrl + "/",
            ["_abaco_actor_id"] = "act-8",
            ["_abaco_access_token"] = "",
        }) with
        {
            Network = "host",
        };

        var outcome = await scope.RunAsync(spec, maxRunTime: Deadline);
        var request = await api.Request.WaitAsync(Deadline);

        Assert.True(outcome.ExitCode == 1, $"exit {outcome.ExitCode}; logs:\n{outcome.Logs}");
        Assert.Contains("HTTP 400", outcome.Logs);
        Assert.Contains("actor is not stateful", outcome.Logs);
        Assert.Equal("POST /actors/act-8/state HTTP/1.1", request.RequestLine);
        Assert.False(request.Headers.ContainsKey("authorization"), "an empty token must not be sent");
        Assert.Equal("5", request.Body);
    }

    // -----------------------------------------------------------------------------------------------------

    private static ContainerSpec Spec(ContainerScope scope, IReadOnlyDictionary<string, string> environment) =>
        scope.Spec(Image, environment) with { Network = "none" };

    private static Dictionary<string, string> BinaryEnvironment() => new()
    {
        ["_abaco_Content_Type"] = "application/octet-stream",   // selects the binary mode, as for a real execution
        ["ABACO_BINARY_TIMEOUT_SECONDS"] = "20",
    };

    private async Task RequireImageAsync()
    {
        try
        {
            await docker.Client.Images.InspectImageAsync(Image);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound || e is DockerImageNotFoundException)
        {
            throw new InvalidOperationException(
                $"The image {Image} is missing. Build it (as root, with a reachable Debian mirror; about 90 s the first time): " +
                "bash scripts/build-python-base.sh && bash docker/images/build.sh", e);
        }
    }

    /// <summary>The single line of the logs that is a JSON object (what the context mode prints).</summary>
    private static JsonDocument PrintedJson(string logs)
    {
        var line = logs.Split('\n').SingleOrDefault(l => l.StartsWith('{'))
            ?? throw new Xunit.Sdk.XunitException($"no JSON line in the logs:\n{logs}");
        return JsonDocument.Parse(line);
    }

    private async Task<bool> LogsContainAsync(string containerId, string text)
    {
        using var logs = await docker.Client.Containers.GetContainerLogsAsync(
            containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        return stdout.Contains(text, StringComparison.Ordinal) || stderr.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>A host-side Unix datagram socket, as the worker binds it, to mount at /_abaco_results.sock.</summary>
    private sealed class HostResultsSocket : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("abaco-py-results-");
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

        public HostResultsSocket()
        {
            var path = Path.Combine(_dir.FullName, "results.sock");
            _socket.Bind(new UnixDomainSocketEndPoint(path));
            // The container may run as another user.
            File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
            Mount = new ContainerMount(path, "/_abaco_results.sock", ReadOnly: false);
        }

        public ContainerMount Mount { get; }

        /// <summary>Datagrams waiting to be received.</summary>
        public int Pending => _socket.Available;

        public async Task<byte[]> ReceiveAsync()
        {
            var buffer = new byte[256 * 1024];
            using var timeout = new CancellationTokenSource(Deadline);
            try
            {
                var n = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, timeout.Token);
                return buffer[..n];
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no datagram on {Mount.HostPath} within {Deadline}");
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _dir.Delete(recursive: true);
        }
    }

    /// <summary>A FIFO made with mkfifo, as the worker makes it, to mount at /_abaco_binary_data (read-only, as upstream).</summary>
    private sealed class HostFifo : IDisposable
    {
        private const int ReadOnlyFlag = 0, WriteOnlyFlag = 1, ReadWriteFlag = 2, NonBlockFlag = 0x800;
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("abaco-py-fifo-");
        private readonly string _path;
        private Task? _writer;

        public HostFifo()
        {
            _path = Path.Combine(_dir.FullName, "binary_data");
            if (mkfifo(_path, 0b110_110_110) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"mkfifo {_path}");
            }
            File.SetUnixFileMode(_path, (UnixFileMode)0b110_110_110);
            Mount = new ContainerMount(_path, "/_abaco_binary_data", ReadOnly: true);
        }

        public ContainerMount Mount { get; }

        /// <summary>Opens for writing (blocks until a reader opens), writes everything, closes: the reader sees the end.</summary>
        public Task WriteAndCloseInBackground(byte[] payload)
        {
            _writer = Task.Factory.StartNew(() =>
            {
                var fd = Open(WriteOnlyFlag);
                try
                {
                    WriteAll(fd, payload);
                }
                finally
                {
                    close(fd);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return _writer;
        }

        /// <summary>Waits for the background writer; fails when the container did not read everything.</summary>
        public async Task FinishAsync(Task writer)
        {
            if (!writer.IsCompleted)
            {
                await ReleaseWriterAsync();
                throw new Xunit.Sdk.XunitException("the container ended without reading the whole binary message");
            }
            await writer;
        }

        /// <summary>
        /// Ends a background writer the container left behind: blocked in open(2) (no reader came) or in
        /// write(2) (the reader stopped). Opening and closing a reader makes open return and write fail (EPIPE).
        /// </summary>
        private async Task ReleaseWriterAsync()
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (_writer is { IsCompleted: false } && DateTime.UtcNow < deadline)
            {
                close(Open(ReadOnlyFlag | NonBlockFlag));
                await Task.WhenAny(_writer, Task.Delay(100));
            }
        }

        /// <summary>Opens read-write (never blocks), writes the payload and keeps the FIFO open until disposed.</summary>
        public IDisposable OpenReadWriteAndWrite(byte[] payload)
        {
            var fd = Open(ReadWriteFlag);
            WriteAll(fd, payload);
            return new Closer(fd);
        }

        public void Dispose()
        {
            ReleaseWriterAsync().GetAwaiter().GetResult();
            _dir.Delete(recursive: true);
        }

        private int Open(int flags)
        {
            var fd = open(_path, flags);
            if (fd < 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {_path}");
            }
            return fd;
        }

        private static void WriteAll(int fd, byte[] payload)
        {
            var offset = 0;
            while (offset < payload.Length)
            {
                var n = write(fd, ref payload[offset], payload.Length - offset);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == 4)
                    {
                        continue;   // EINTR
                    }
                    throw new Win32Exception(errno, "write to the FIFO");
                }
                offset += (int)n;
            }
        }

        private sealed class Closer(int fd) : IDisposable
        {
            public void Dispose() => close(fd);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int mkfifo(string path, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int open(string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern nint write(int fd, ref byte buffer, nint count);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }

    /// <summary>Answers one HTTP request on 127.0.0.1 with a fixed status and JSON body, and records it.</summary>
    private sealed class OneRequestServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public OneRequestServer(int status, string body)
        {
            _listener.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            Request = ServeAsync(status, body);
        }

        public string BaseUrl { get; }

        public Task<RecordedRequest> Request { get; }

        private async Task<RecordedRequest> ServeAsync(int status, string responseBody)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[8192];
            int headerEnd;
            while ((headerEnd = IndexOf(received, "\r\n\r\n"u8.ToArray())) < 0)
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    throw new IOException("the client closed before sending the headers");
                }
                received.AddRange(buffer.AsSpan(0, n));
            }
            var head = Encoding.ASCII.GetString(received.ToArray(), 0, headerEnd).Split("\r\n");
            var headers = head.Skip(1)
                .Select(line => line.Split(':', 2))
                .ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim());
            var length = headers.TryGetValue("content-length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
            while (received.Count < headerEnd + 4 + length)
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    throw new IOException("the client closed before sending the body");
                }
                received.AddRange(buffer.AsSpan(0, n));
            }
            var requestBody = Encoding.UTF8.GetString(received.ToArray(), headerEnd + 4, length);
            var payload = Encoding.UTF8.GetBytes(responseBody);
            var reason = status == 200 ? "OK" : "Bad Request";
            var response = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response, _stop.Token);
            await stream.WriteAsync(payload, _stop.Token);
            return new RecordedRequest(head[0], headers, requestBody);
        }

        private static int IndexOf(List<byte> haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Count; i++)
            {
                var match = true;
                for (var j = 0; j < needle.Length && match; j++)
                {
                    match = haystack[i + j] == needle[j];
                }
                if (match)
                {
                    return i;
                }
            }
            return -1;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }

    private sealed record RecordedRequest(string RequestLine, Dictionary<string, string> Headers, string Body);
}
