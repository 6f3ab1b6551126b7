using Ipvm.Durable;
using Ipvm.Durable.Hosting;
using Ipvm.Durable.Postgres;
using Ipvm.Durable.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Ipvm.Durable engine, its store and ops, and the hosted service that resumes runs.</summary>
public static class IpvmDurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DurableEngine"/>, <see cref="IDurableStore"/> and <see cref="OpRegistry"/> as singletons and a
    /// hosted service that resumes unfinished runs when the host starts and stops them gracefully when it stops.
    /// Calling it again adds only the configuration; options are validated when the host starts.
    /// </summary>
    /// <example><code>builder.Services.AddIpvmDurable(o => o.UseSqlite("ipvm.db")).AddOp("shop/charge", EffectClass.Effectful, Charge);</code></example>
    public static IpvmDurableBuilder AddIpvmDurable(this IServiceCollection services, Action<IpvmDurableOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IpvmDurableOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IpvmDurableOptions>, IpvmDurableOptionsValidator>());
        services.TryAddSingleton(static sp =>
        {
            var registry = new OpRegistry();
            // wasm/run is built in: its modules come from the store's blocks (ipfs://<cid>, added with `ipvm add`).
            WasmRunOp.Register(registry, sp.GetRequiredService<IDurableStore>());
            sp.GetRequiredService<IOptions<IpvmDurableOptions>>().Value.ApplyOps(registry);
            return registry;
        });
        services.TryAddSingleton(static sp => CreateStore(sp, sp.GetRequiredService<IOptions<IpvmDurableOptions>>().Value));
        services.TryAddSingleton(static sp => new DurableEngine(
            sp.GetRequiredService<IDurableStore>(),
            sp.GetRequiredService<OpRegistry>(),
            sp.GetRequiredService<IOptions<IpvmDurableOptions>>().Value.Engine,
            sp.GetService<ILoggerFactory>()?.CreateLogger("Ipvm.Durable")));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IpvmDurableHostedService>());
        return new IpvmDurableBuilder(services);
    }

    private static IDurableStore CreateStore(IServiceProvider services, IpvmDurableOptions options) => options.Store switch
    {
        IpvmStoreKind.Sqlite => SqliteDurableStore.Open(options.SqlitePath!, options.Sqlite, services.GetService<ILoggerFactory>()?.CreateLogger("Ipvm.Durable.Sqlite")),
        IpvmStoreKind.Postgres => PostgresDurableStore.Open(options.Postgres!, services.GetService<ILoggerFactory>()?.CreateLogger("Ipvm.Durable.Postgres")),
        IpvmStoreKind.InMemory => new InMemoryDurableStore(),
        IpvmStoreKind.Custom => options.StoreFactory!(services),
        _ => throw new InvalidOperationException("IpvmDurableOptions.Store must be chosen: call UseSqlite(path), UseInMemory() or UseStore(factory), or UsePostgres(connectionString)."),
    };
}
