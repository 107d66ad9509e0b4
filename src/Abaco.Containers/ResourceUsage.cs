namespace Abaco.Containers;

/// <summary>One reading of a container's cumulative counters; null where the counter could not be read.</summary>
internal readonly record struct ResourceUsage(long? CpuNanos, long? IoBytes);
