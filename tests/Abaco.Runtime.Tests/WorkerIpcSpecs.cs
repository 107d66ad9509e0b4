using System.Collections.Immutable;
using System.Net.Sockets;
using Abaco.Containers;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Sharing;
using Abaco.Runtime.Workers;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.WorkerProtocol;
using WorkerStatus = Abaco.Core.Workers.WorkerStatus;

namespace Abaco.Runtime.Tests;

/// <summary>
/// What a worker gives each execution's container besides the message: the results socket (and what a container
/// sends on it), the binary FIFO, <c>_actor_configs</c>, and halting. The container runtime is scripted, the sockets
/// and FIFOs are real (under a directory of this class's own, so parallel classes never share a path).
/// </summary>
public sealed class WorkerIpcSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ScriptedContainerRuntime _runtime = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"abaco-ipc-{Guid.NewGuid():N}");
    private readonly SqliteStores _stores;
    private readonly WorkerServices _services;

    public WorkerIpcSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        Directory.CreateDirectory(_dataDir);
        _stores = new SqliteStores(Path.Combine(_dataDir, "abaco.db"));
        var settings = Fixtures.Settings with { Node = Fixtures.Settings.Node with { DataDir = _dataDir } };
        _services = new WorkerServices(settings, _runtime, _stores, new Fixtures.ReversedCipher(), TimeProvider.System);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dataDir, recursive: true);
    }

    // ---------------------------------------------------------------- helpers

    private IActorRef ReadyWorker(TestProbe entity)
    {
        var worker = Sys.ActorOf(WorkerActor.Props(new StartWorker(Fixtures.Key, new WorkerId("w1"), "abaco/test-busybox", 1), _services,
            entity.Ref));
        _runtime.Image.TrySetResult();
        entity.FishForMessage(m => m is WorkerStatusReport { Status: WorkerStatus.Ready }, Wait);
        return worker;
    }

    /// <summary>Runs <paramref name="message"/> on a fresh worker; returns once its container is started and waited on.</summary>
    private async Task<(TestProbe Entity, IActorRef Worker, ContainerSpec Spec)> RunningAsync(QueuedMessage message)
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity);
        worker.Tell(new RunExecution(Fixtures.Actor(), message), entity.Ref);
        Assert.Equal(message.ExecutionId, entity.ExpectMsg<ExecutionStarted>(Wait).ExecutionId.Value);
        await AwaitConditionAsync(() => Task.FromResult(!_runtime.Waiting.IsEmpty), Wait);
        Assert.True(_runtime.Started.TryDequeue(out var spec));
        return (entity, worker, spec!);
    }

    private void Exit(long exitCode = 0)
    {
        Assert.True(_runtime.Waiting.TryDequeue(out var wait));
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, exitCode, "logs"));
    }

    private static ContainerMount ResultsMount(ContainerSpec spec) =>
        Assert.Single(spec.Mounts, m => m.ContainerPath == "/_abaco_results.sock");

    /// <summary>What an actor does with agavepy's <c>send_bytes_result</c>: one datagram to the mounted socket.</summary>
    private static void SendResult(string socketPath, byte[] result)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        client.SendTo(result, new UnixDomainSocketEndPoint(socketPath));
    }

    private static QueuedMessage BinaryMessage(string executionId, byte[] body) => new(executionId, MessageKind.Binary,
        Convert.ToBase64String(body), ImmutableDictionary<string, string>.Empty.Add("_abaco_execution_id", executionId),
        "tester", DateTime.UtcNow);

    // ---------------------------------------------------------------- mounts

    [Fact(DisplayName = "Every container gets its own results socket mounted read-write at /_abaco_results.sock; a string message gets no FIFO")]
    public async Task Results_socket_is_mounted()
    {
        var (entity, _, spec) = await RunningAsync(Fixtures.Message("e1", "hi"));

        var mount = ResultsMount(spec);
        Assert.False(mount.ReadOnly);
        Assert.StartsWith(_services.SocketDirectory + Path.DirectorySeparatorChar, mount.HostPath);
        Assert.True(File.Exists(mount.HostPath), $"{mount.HostPath} should exist while the container runs");
        Assert.DoesNotContain(spec.Mounts, m => m.ContainerPath == "/_abaco_binary_data");
        Assert.Equal("hi", spec.Environment["MSG"]);

        Exit();
        entity.ExpectMsg<ExecutionFinished>(Wait);
        Assert.False(File.Exists(mount.HostPath), "the results socket is removed once the execution ends");
    }

    [Fact(DisplayName = "A binary message is not in MSG: the container reads its exact bytes from a FIFO mounted read-only at /_abaco_binary_data")]
    public async Task Binary_message_goes_through_the_fifo()
    {
        var body = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray(); // more than a default pipe holds
        var (entity, _, spec) = await RunningAsync(BinaryMessage("e1", body));

        Assert.False(spec.Environment.ContainsKey("MSG"));
        Assert.Equal("application/octet-stream", spec.Environment["_abaco_Content_Type"]);
        ResultsMount(spec);
        var fifo = Assert.Single(spec.Mounts, m => m.ContainerPath == "/_abaco_binary_data");
        Assert.True(fifo.ReadOnly);
        Assert.StartsWith(_services.FifoDirectory + Path.DirectorySeparatorChar, fifo.HostPath);

        var read = await Task.Run(() =>
        {
            using var stream = new FileStream(fifo.HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            using var copy = new MemoryStream();
            stream.CopyTo(copy); // ends only at EOF, which the worker gives once every byte is in the pipe
            return copy.ToArray();
        }).WaitAsync(Wait);
        Assert.Equal(body, read);

        Exit();
        entity.ExpectMsg<ExecutionFinished>(Wait);
        Assert.False(File.Exists(fifo.HostPath), "the FIFO is removed once the execution ends");
    }

    // ---------------------------------------------------------------- configs

    [Fact(DisplayName = "_actor_configs holds the tenant's configs bound to the actor's db id, secrets decrypted, and no others, whatever their actors text says")]
    public async Task Actor_configs_are_injected()
    {
        var actor = Fixtures.Actor();
        var cipher = new Fixtures.ReversedCipher();
        var mine = new ConfigTarget(actor.Id, actor.DbId);
        var theirs = new ConfigTarget("someoneElse", $"{actor.Tenant}_someoneElse");
        // An alias that names this actor now but was bound to another actor when the config was written.
        await _stores.Aliases.AddAsync(new AliasRecord(actor.Tenant, "my-alias", actor.Id, "owner", "http://api"));
        foreach (var config in new[]
                 {
                     new ActorConfigRecord(actor.Tenant, "by_id", "v1", false, actor.Id) { Targets = [mine] },
                     new ActorConfigRecord(actor.Tenant, "by_alias", "v2", false, "someoneElse, my-alias")
                         { Targets = [theirs, new ConfigTarget("my-alias", actor.DbId)] },
                     new ActorConfigRecord(actor.Tenant, "secret", cipher.Encrypt("s3cret"), true, $"x,{actor.Id}")
                         { Targets = [mine] },
                     new ActorConfigRecord(actor.Tenant, "not_mine", "no", false, "someoneElse") { Targets = [theirs] },
                     new ActorConfigRecord(actor.Tenant, "alias_reused", "no", false, "my-alias")
                         { Targets = [new ConfigTarget("my-alias", $"{actor.Tenant}_someoneElse")] },
                     new ActorConfigRecord(actor.Tenant, "unbound", "no", false, actor.Id),
                     new ActorConfigRecord("OTHER", "other_tenant", "no", false, actor.Id)
                         { Targets = [new ConfigTarget(actor.Id, $"OTHER_{actor.Id}")] },
                 })
            Assert.True(await _stores.Configs.AddAsync(config), config.Name);

        var (_, _, spec) = await RunningAsync(Fixtures.Message("e1"));

        var configs = spec.Environment["_actor_configs"];
        Assert.StartsWith("{", configs);
        Assert.EndsWith("}", configs);
        Assert.Contains("'by_id': 'v1'", configs);
        Assert.Contains("'by_alias': 'v2'", configs);
        Assert.Contains("'secret': 's3cret'", configs);
        foreach (var other in new[] { "not_mine", "alias_reused", "unbound", "other_tenant", "enc:" })
            Assert.DoesNotContain(other, configs);
    }

    [Fact(DisplayName = "With no config shared with the actor, _actor_configs is an empty dict")]
    public async Task No_actor_configs()
    {
        var (_, _, spec) = await RunningAsync(Fixtures.Message("e1"));

        Assert.Equal("{}", spec.Environment["_actor_configs"]);
    }

    // ---------------------------------------------------------------- results

    [Fact(DisplayName = "Each datagram a container sends to its results socket is stored as a result, in order, and its entity told")]
    public async Task Results_reach_the_store_and_the_entity()
    {
        var (entity, _, spec) = await RunningAsync(Fixtures.Message("e1"));
        var socket = ResultsMount(spec).HostPath;

        SendResult(socket, [1, 2, 3]);
        Assert.Equal(new ResultAvailable(Fixtures.Key, new WorkerId("w1"), new ExecutionId("e1")), entity.ExpectMsg<ResultAvailable>(Wait));
        SendResult(socket, "second"u8.ToArray());
        entity.ExpectMsg<ResultAvailable>(Wait);

        Assert.Equal(new byte[] { 1, 2, 3 }, await _stores.Results.PopAsync(Fixtures.DbId, "e1", DateTime.UtcNow));
        Assert.Equal("second"u8.ToArray(), await _stores.Results.PopAsync(Fixtures.DbId, "e1", DateTime.UtcNow));
        Assert.Null(await _stores.Results.PopAsync(Fixtures.DbId, "e1", DateTime.UtcNow));
    }

    [Fact(DisplayName = "A result sent just before the container exits is stored before the entity hears the execution finished")]
    public async Task Last_result_precedes_the_finish()
    {
        var (entity, _, spec) = await RunningAsync(Fixtures.Message("e1"));

        SendResult(ResultsMount(spec).HostPath, "last words"u8.ToArray());
        Exit();

        entity.ExpectMsg<ResultAvailable>(Wait);
        entity.ExpectMsg<ExecutionFinished>(Wait);
        Assert.Equal("last words"u8.ToArray(), await _stores.Results.PopAsync(Fixtures.DbId, "e1", DateTime.UtcNow));
    }

    // ---------------------------------------------------------------- halt

    [Fact(DisplayName = "HaltContainer stops the container of that execution, which is reported halted; the worker then takes new work")]
    public async Task Halt_container()
    {
        var (entity, worker, _) = await RunningAsync(Fixtures.Message("e1"));

        worker.Tell(new HaltContainer(new ExecutionId("some-other-execution")));
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.False(_runtime.Waiting.IsEmpty);

        worker.Tell(new HaltContainer(new ExecutionId("e1")));

        var finished = entity.ExpectMsg<ExecutionFinished>(Wait);
        Assert.Equal("e1", finished.ExecutionId.Value);
        Assert.True(finished.Halted);
        Assert.Equal(137, finished.ExitCode);
        Assert.Equal("halted", await _stores.Logs.GetAsync("e1"));
        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e2")), entity.Ref);
        Assert.Equal("e2", entity.ExpectMsg<ExecutionStarted>(Wait).ExecutionId.Value);
    }
}
