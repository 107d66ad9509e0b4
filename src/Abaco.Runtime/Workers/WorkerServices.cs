using Abaco.Containers;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Runtime.Health;
using Abaco.Stores;

namespace Abaco.Runtime.Workers;

/// <summary>
/// What every worker of a node uses: the container engine, the stores, the secret cipher, a clock and the token issuer.
/// </summary>
public sealed record WorkerServices(
    AbacoSettings Settings,
    IContainerRuntime Runtime,
    IAbacoStores Stores,
    ISecretCipher Cipher,
    TimeProvider Clock)
{
    private WorkerTokens? _tokens;

    /// <summary>The workers' access tokens (<c>workers.generate_clients</c>), made from the settings on first use.</summary>
    public WorkerTokens Tokens => _tokens ??= WorkerTokens.From(Settings, Clock);

    /// <summary>Absolute host directory of the results sockets (relative settings are under <c>node.data_dir</c>).</summary>
    public string SocketDirectory => IpcDirectories.Resolve(Settings, Settings.Workers.SocketHostPathDir);

    /// <summary>Absolute host directory of the binary-message FIFOs.</summary>
    public string FifoDirectory => IpcDirectories.Resolve(Settings, Settings.Workers.FifoHostPathDir);
}
