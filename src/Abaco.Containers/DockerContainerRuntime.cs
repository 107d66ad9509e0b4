using System.Diagnostics;
using System.Globalization;
using System.Text;
using Abaco.Core.Telemetry;
using Abaco.Metrics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>
/// <see cref="IContainerRuntime"/> on a Docker daemon through Docker.DotNet. One client per instance;
/// every call is bounded by a timeout from <see cref="DockerRuntimeOptions"/> and by the caller's token. This file
/// starts, removes and lists containers; the other parts pull images (.Images), wait for a run to end (.Wait) and read
/// logs (.Logs); <see cref="DockerCreateParameters"/> turns a <see cref="ContainerSpec"/> into Docker's create call.
/// </summary>
public sealed partial class DockerContainerRuntime : IContainerRuntime, IDisposable
{
    private const int MaxRemoveAttempts = 10;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly DockerRuntimeOptions _options;
    private readonly DockerClient _client;
    private readonly CgroupUsageReader _cgroups;

    public DockerContainerRuntime(DockerRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _client = new DockerClientBuilder().WithEndpoint(new Uri(options.Endpoint)).Build();
        _cgroups = new CgroupUsageReader(options.CgroupRoot);
    }

    public async Task<StartedContainer> StartAsync(ContainerSpec spec, CancellationToken ct)
    {
        try
        {
            return await StartOnceAsync(spec, ct);
        }
        catch (ContainerStartException e) when (e.InnerException is { } cause && DockerErrors.IsTransport(cause))
        {
            // The daemon could not be reached (a restart, and it may be back already): the message waits for it rather
            // than fail, and is started once more. What the broken attempt may have created under its name goes first.
            await WaitForDaemonAsync(ct);
            await RemoveQuietlyAsync(spec.Name);
            return await StartOnceAsync(spec, ct);
        }
    }

    private async Task<StartedContainer> StartOnceAsync(ContainerSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DockerCreateParameters.Validate(spec);
        ct.ThrowIfCancellationRequested();
        using var timeout = new CancellationTokenSource(_options.StartTimeout);
        string? containerId = null;
        var createSent = false;
        try
        {
            // The caller's token is not given to create: a create abandoned mid-flight still lands at the
            // daemon, after our cleanup, as an orphan. It takes ~0.1 s; cancellation is honoured right after.
            timeout.Token.ThrowIfCancellationRequested();
            createSent = true;
            var asked = Stopwatch.GetTimestamp();
            using (AbacoTracing.Source.StartActivity("abaco.container.create"))
                containerId = (await _client.Containers.CreateContainerAsync(DockerCreateParameters.From(spec), timeout.Token)).ID;
            Elapsed.Container("create", asked);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            linked.Token.ThrowIfCancellationRequested();
            var startTime = DateTime.UtcNow;
            asked = Stopwatch.GetTimestamp();
            using (AbacoTracing.Source.StartActivity("abaco.container.start"))
                await _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), linked.Token);
            Elapsed.Container("start", asked);
            return new StartedContainer(containerId, spec.Name, startTime);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException || DockerErrors.IsTransport(e))
        {
            if (containerId is not null)
            {
                await RemoveQuietlyAsync(containerId);
            }
            else if (createSent && e is not DockerApiException)
            {
                // The create's outcome is unknown (a daemon error would mean nothing was created, and the
                // name may belong to another container): remove by name, and look again once it had time to land.
                await RemoveQuietlyAsync(spec.Name);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                await RemoveQuietlyAsync(spec.Name);
            }
            if (e is OperationCanceledException && ct.IsCancellationRequested)
            {
                throw;
            }
            var phase = containerId is null ? "create" : "start";
            var reason = e is DockerApiException api ? DockerErrors.Reason(api) : Describe(e, _options.StartTimeout);
            throw new ContainerStartException(spec.Name, $"Could not {phase} container '{spec.Name}' from image '{spec.Image}': {reason}", e);
        }
    }

    public async Task RemoveAsync(string containerId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        var asked = Stopwatch.GetTimestamp();
        try
        {
            await BoundedAsync(_options.RemoveTimeout, ct, async token =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await _client.Containers.RemoveContainerAsync(
                            containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token);
                        return true;
                    }
                    catch (Exception e) when (DockerErrors.IsNotFound(e))
                    {
                        return true;
                    }
                    catch (Exception e) when (DockerErrors.IsTransientRemoveFailure(e) && attempt < MaxRemoveAttempts)
                    {
                        // busy or already being removed: try again shortly
                    }
                    await Task.Delay(RetryDelay * attempt, token);
                }
            }, (reason, e) => new ContainerRuntimeException($"Could not remove container {Short(containerId)}: {reason}", e));
            Elapsed.Container("remove", asked);
        }
        catch (DockerApiException e)
        {
            throw new ContainerRuntimeException($"Could not remove container {Short(containerId)}: {DockerErrors.Reason(e)}", e);
        }
    }

    public async Task<IReadOnlyList<ManagedContainer>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var parameters = new ContainersListParameters { All = true };
        if (labels.Count > 0)
        {
            parameters.Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(kv => $"{kv.Key}={kv.Value}", _ => true),
            };
        }
        try
        {
            var found = await BoundedAsync(_options.StartTimeout, ct,
                token => _client.Containers.ListContainersAsync(parameters, token),
                (reason, e) => new ContainerRuntimeException($"Could not list containers: {reason}", e));
            return found
                .Select(c => new ManagedContainer(
                    c.ID,
                    c.Names?.FirstOrDefault()?.TrimStart('/') ?? "",
                    c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels),
                    c.State ?? ""))
                .ToList();
        }
        catch (DockerApiException e)
        {
            throw new ContainerRuntimeException($"Could not list containers: {DockerErrors.Reason(e)}", e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task RemoveQuietlyAsync(string containerIdOrName)
    {
        try
        {
            await RemoveAsync(containerIdOrName, CancellationToken.None);
        }
        catch (ContainerRuntimeException)
        {
            // best effort after a failed start; the label-based janitor catches what is left
        }
    }

    /// <summary>
    /// Runs one Docker call bounded by <paramref name="timeout"/>. Running out of time or losing the daemon
    /// becomes the exception made by <paramref name="fail"/>; the caller's own cancellation stays an
    /// OperationCanceledException (shutdown is not a failure); daemon errors pass through for the caller to word.
    /// </summary>
    private async Task<T> BoundedAsync<T>(TimeSpan timeout, CancellationToken ct, Func<CancellationToken, Task<T>> call,
        Func<string, Exception, ContainerRuntimeException> fail)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            cts.Token.ThrowIfCancellationRequested();   // the client may send a request despite a cancelled token
            return await call(cts.Token);
        }
        catch (Exception e) when ((e is OperationCanceledException && !ct.IsCancellationRequested) || DockerErrors.IsTransport(e))
        {
            throw fail(Describe(e, timeout), e);
        }
    }

    /// <summary>Words for a call that ran out of time or could not reach the daemon.</summary>
    private string Describe(Exception e, TimeSpan timeout) => e is OperationCanceledException
        ? $"Docker did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
        : $"the Docker daemon at {_options.Endpoint} is unreachable ({e.Message})";

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
