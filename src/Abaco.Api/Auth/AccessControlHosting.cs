using Abaco.Core.Settings;
using Abaco.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Abaco.Api.Auth;

public static class AccessControlHosting
{
    /// <summary>
    /// The access control's services. Expects <see cref="AbacoSettings"/> and <see cref="IAbacoStores"/> in DI;
    /// uses <see cref="TimeProvider"/> if registered (else the system clock).
    /// </summary>
    public static IServiceCollection AddAbacoAccessControl(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AccessKeys.FromSettings(sp.GetRequiredService<AbacoSettings>().Web,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAccessLookups>(sp =>
        {
            var stores = sp.GetRequiredService<IAbacoStores>();
            return new StoreAccessLookups(stores.Permissions, stores.Aliases, stores.Clients);
        });
        services.AddSingleton(sp => new NonceAuthenticator(sp.GetRequiredService<IAccessLookups>(),
            sp.GetRequiredService<IAbacoStores>().Nonces));
        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton(sp => new AbacoAuthorizer(sp.GetRequiredService<AbacoSettings>().Web.UserRole));
        services.AddSingleton<AbacoAccessControl>();
        return services;
    }

    /// <summary>
    /// Authenticates and authorizes every request to <c>/actors...</c> and <c>/admin...</c>. Place it after the error
    /// envelope middleware (its refusals are <see cref="Http.ApiError"/>s) and after routing (with
    /// <c>WebApplication</c> routing runs first implicitly; with an explicit <c>UseRouting()</c>, after that call),
    /// before the endpoints. The configured keys are read here, so a bad key stops the node at start.
    /// </summary>
    public static IApplicationBuilder UseAbacoAccessControl(this IApplicationBuilder app)
    {
        app.ApplicationServices.GetRequiredService<AccessKeys>();
        return app.UseMiddleware<AccessControlMiddleware>();
    }
}
