using Abaco.Api.Auth;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Abaco.Admin.Host;

/// <summary>
/// The command host: a Kestrel endpoint of its own on <c>admin.host</c>:<c>admin.port</c>, on every node whatever its
/// roles, serving <see cref="AdminService"/> as HTTP+JSON (<see cref="AdminRoutes"/>). It starts after the actor
/// system (it is registered after Akka.Hosting) and stops with the node. A port that cannot be bound stops the node,
/// naming it.
/// </summary>
public sealed class AdminCommandHost(IServiceProvider node, AbacoSettings settings, LogRing log,
    ILogger<AdminCommandHost> logger) : IHostedService
{
    private WebApplication? _app;

    /// <summary>Where it listens once started (the real port when <c>admin.port</c> is 0).</summary>
    public string? Url { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registry = node.GetRequiredService<ActorRegistry>();
        var service = new AdminService(node.GetRequiredService<ActorSystem>(), registry.Get<ActorEntityRegion>(),
            settings, node.GetRequiredService<IAbacoStores>(), log);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Its requests are not the node's news: the node logs one line when it listens, below.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{settings.Admin.Host}:{settings.Admin.Port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(logger);
        builder.Services.AddSingleton(node.GetRequiredService<CallerAuthenticator>());
        _app = builder.Build();
        _app.UseMiddleware<AdminAccess>();
        _app.MapAdminRoutes();
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The admin command host cannot listen on {settings.Admin.Host}:{settings.Admin.Port} (abaco.admin.host, " +
                $"abaco.admin.port): {e.Message}", e);
        }
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        logger.LogInformation("Admin command host listening on {Url} (abaco-admin {HostPort} ...)", Url,
            Url.Replace("http://", "", StringComparison.Ordinal));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        await _app.StopAsync(cancellationToken);
        await _app.DisposeAsync();
    }
}

public static class AdminCommandHostHosting
{
    /// <summary>
    /// The command host and the log ring it reads; call after <c>AddAkka</c>, so the actor system is up when it starts.
    /// </summary>
    public static IServiceCollection AddAdminCommandHost(this IServiceCollection services, LogRing log)
    {
        services.AddSingleton(log);
        services.AddHostedService(sp => new AdminCommandHost(sp, sp.GetRequiredService<AbacoSettings>(), log,
            sp.GetRequiredService<ILogger<AdminCommandHost>>()));
        return services;
    }
}
