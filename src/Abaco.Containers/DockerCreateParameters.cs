using System.Globalization;
using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>How a <see cref="ContainerSpec"/> becomes Docker's create call: binds, limits, security and log options.</summary>
internal static class DockerCreateParameters
{
    // Binds are "host:container:mode", and a relative host path would silently become a named volume.
    public static void Validate(ContainerSpec spec)
    {
        foreach (var mount in spec.Mounts)
        {
            if (!mount.HostPath.StartsWith('/') || !mount.ContainerPath.StartsWith('/'))
            {
                throw new ContainerStartException(spec.Name,
                    $"Could not create container '{spec.Name}': mount '{mount.HostPath}' -> '{mount.ContainerPath}' needs absolute paths on both sides");
            }
            if (mount.HostPath.Contains(':') || mount.ContainerPath.Contains(':'))
            {
                throw new ContainerStartException(spec.Name,
                    $"Could not create container '{spec.Name}': mount '{mount.HostPath}' -> '{mount.ContainerPath}' contains ':'");
            }
        }
    }

    public static CreateContainerParameters From(ContainerSpec spec)
    {
        var parameters = new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = new Dictionary<string, string>(spec.Labels),
            User = spec.User ?? "",                 // "" = the image's user
            HostConfig = new HostConfig
            {
                Binds = spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}").ToList(),
                Memory = spec.MemoryBytes ?? 0,     // 0 = unlimited
                NanoCPUs = spec.NanoCpus ?? 0,
                Privileged = spec.Privileged,
                NetworkMode = spec.Network ?? "",   // "" = the daemon's default network
                PidsLimit = spec.PidsLimit,
            },
        };
        if (spec.NoNewPrivileges)
        {
            parameters.HostConfig.SecurityOpt = ["no-new-privileges"];
        }
        if (spec.LogMaxSize is { } size)
        {
            // json-file, so the logs stay readable through the API whatever the daemon's default driver is.
            parameters.HostConfig.LogConfig = new LogConfig
            {
                Type = "json-file",
                Config = new Dictionary<string, string>
                {
                    ["max-size"] = size,
                    ["max-file"] = spec.LogMaxFile.ToString(CultureInfo.InvariantCulture),
                },
            };
        }
        if (spec.Command is not null)
        {
            parameters.Cmd = spec.Command.ToList();
        }
        if (spec.Entrypoint is not null)
        {
            parameters.Entrypoint = spec.Entrypoint.ToList();
        }
        return parameters;
    }
}
