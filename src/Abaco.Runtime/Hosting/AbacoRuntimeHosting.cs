using Abaco.Containers;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Protocol;
using Abaco.Protocol.Serialization;
using Abaco.Runtime.Actors;
using Abaco.Runtime.Downing;
using Abaco.Runtime.Events;
using Abaco.Runtime.Health;
using Abaco.Runtime.Metrics;
using Abaco.Runtime.Rebuild;
using Abaco.Runtime.Spawner;
using Abaco.Runtime.Startup;
using Abaco.Runtime.Workers;
using Abaco.Stores;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Abaco.Runtime.Journal;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Runtime.Hosting;

public static class AbacoRuntimeHosting
{
    /// <summary>
    /// Everything a node runs, by role: remoting and cluster (joining itself when it has no seeds), the downing of members
    /// whose process is gone, the journal,
    /// the serializer, the actor entities (or a proxy to them), the spawners, the event deliverer, the start-up
    /// clean-up, the readiness checks, and a graceful leave when the host stops.
    /// Expects <see cref="IAbacoStores"/>, <see cref="ISecretCipher"/> and <see cref="TimeProvider"/> in DI, and on
    /// spawner nodes <see cref="IContainerRuntime"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddAbacoRuntime(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        builder
            .WithAbacoCluster(settings)
            .AddDeadMemberDowning(settings.Node)
            .WithAbacoJournal(settings)
            .AddAbacoSerialization()
            .AddActorEntities(settings)
            .AddSpawners(settings)
            .AddEventDelivery(settings)
            .AddNodeStartup(settings)
            .AddStoreRebuild(settings)
            .AddNodeReadiness(settings)
            .AddClusterMetrics()
            .WithGracefulLeave();

    public static AkkaConfigurationBuilder WithAbacoJournal(this AkkaConfigurationBuilder builder, AbacoSettings settings)
    {
        builder.AddHocon(JournalSettings, HoconAddMode.Prepend);
        // PostgreSQL takes concurrent writers: the journal's default parallelism, batches within each writer.
        if (settings.Store.UsesPostgres)
            return builder.WithSqlPersistence(settings.Store.PostgresConnection, ProviderName.PostgreSQL15);
        var journal = SqliteFile(settings.Node.DataDir, settings.Store.JournalFile);
        // Snapshots hold an actor's whole queue; in their own file, writing one never holds the journal's write
        // lock, so accepting messages does not stall behind a large snapshot.
        var snapshots = SqliteFile(settings.Node.DataDir,
            Path.ChangeExtension(settings.Store.JournalFile, null) + "-snapshots.db");
        // One writer at a time suits SQLite's single-writer lock; batches keep it fast.
        return builder
            .WithSqlPersistence($"Data Source={journal};Pooling=True", ProviderName.SQLiteMS)
            .AddHocon($$"""
                akka.persistence.journal.sql.parallelism = 1
                akka.persistence.snapshot-store.sql.connection-string = "Data Source={{snapshots}};Pooling=True"
                """, HoconAddMode.Prepend);
    }

    /// <summary>
    /// After ten failures in a row (a database away, a full disk) the journal's circuit breaker fails every call at
    /// once, and tries one again only after its reset timeout: Akka's 30 s would keep every entity down that long after
    /// the database returned (each failed trial opens it for another 30 s). A trial every 2 s costs one failed call.
    /// The journal itself is the SQL journal that reports a write refused for lack of space as rejected (see
    /// <see cref="StorageFullJournal"/>).
    /// A batch of more than <c>max-row-by-row-size</c> events is one multi-row INSERT. By default Linq2Db writes every
    /// payload into the statement's text as a hex literal: a batch of a few hundred queued messages built a statement
    /// of megabytes (the builder's buffer, the string, then its UTF-8 copy for SQLite, all on the large-object heap),
    /// which was most of what the accept path put on that heap and set off gen2 collections. Parameters carry the
    /// payloads as they are.
    /// </summary>
    private static readonly string JournalSettings = $$"""
        akka.persistence.journal.sql.class = "{{typeof(StorageFullJournal).FullName}}, {{typeof(StorageFullJournal).Assembly.GetName().Name}}"
        akka.persistence.journal.sql.prefer-parameters-on-multirow-insert = true
        akka.persistence.journal.sql.circuit-breaker.reset-timeout = 2s
        akka.persistence.snapshot-store.sql.circuit-breaker.reset-timeout = 2s
        """;

    /// <summary>
    /// The full path of an embedded database, switched to write-ahead logging: a property of the file, set once, that
    /// lets each commit cost one fsync (synchronous stays FULL, so what is acknowledged survives a crash) and keeps
    /// readers from blocking the writer.
    /// </summary>
    private static string SqliteFile(string dataDir, string file)
    {
        var path = Path.GetFullPath(Path.Combine(dataDir, file));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
        return path;
    }

    public static AkkaConfigurationBuilder AddSpawners(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        builder.WithActors((system, registry, resolver) =>
        {
            if (!settings.Node.Has(NodeRoles.Spawner)) return;
            var entities = registry.Get<ActorEntityRegion>();
            var services = new WorkerServices(settings, resolver.GetService<IContainerRuntime>(),
                resolver.GetService<IAbacoStores>(), resolver.GetService<ISecretCipher>(),
                resolver.GetService<TimeProvider>());
            if (services.Tokens.DisabledReason is { } reason) system.Log.Warning(reason);
            // One limit for the host, whatever the number of queues its spawners serve.
            var slots = new HostSlots(settings.Spawner.MaxWorkersPerHost);
            foreach (var queue in settings.Spawner.HostQueues)
                system.ActorOf(SpawnerActor.Props(start => WorkerActor.Props(start, services, entities,
                    WorkerTimings.Default), slots), ActorEntity.SpawnerPath(queue));
        });

    public static AkkaConfigurationBuilder AddNodeStartup(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var entities = registry.Get<ActorEntityRegion>();
            system.ActorOf(NodeStartupActor.Props(settings, resolver.GetService<IAbacoStores>(),
                resolver.GetService<IContainerRuntime>(), entities), "startup");
        });
}
