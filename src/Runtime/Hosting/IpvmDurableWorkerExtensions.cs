using Ipvm.Durable;
using Ipvm.Durable.Hosting;
using Ipvm.Durable.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a queue worker to an Ipvm.Durable host.</summary>
public static class IpvmDurableWorkerExtensions
{
    /// <summary>
    /// Runs a <see cref="DurableWorker"/> on the store's work queue while the host runs: it claims tasks it has ops
    /// and labels for, beside any number of workers on other hosts. Needs a shared store (<c>UsePostgres</c>);
    /// <paramref name="configure"/> sets labels, concurrency and leases. Options are validated when the host starts.
    /// </summary>
    /// <example><code>services.AddIpvmDurable(o => o.UsePostgres(url)).AddWorker(w => w.Labels.Add("gpu"));</code></example>
    public static IpvmDurableBuilder AddWorker(this IpvmDurableBuilder builder, Action<DurableWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<DurableWorkerOptions>()
            .Validate(
                static o =>
                {
                    o.Validate();
                    return true;
                })
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<IWorkQueue>(static sp => sp.GetRequiredService<IDurableStore>() switch
        {
            PostgresDurableStore postgres => postgres.WorkQueue,
            var other => throw new InvalidOperationException($"AddWorker needs a store with a work queue (UsePostgres), not {other.GetType().Name}; or register an IWorkQueue yourself."),
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IpvmDurableWorkerService>());
        return builder;
    }
}
