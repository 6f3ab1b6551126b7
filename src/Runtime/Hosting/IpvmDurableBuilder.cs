using Ipvm.Durable;
using Ipvm.Durable.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <see cref="IpvmDurableServiceCollectionExtensions.AddIpvmDurable"/> for further configuration.</summary>
public sealed class IpvmDurableBuilder
{
    internal IpvmDurableBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Configures <see cref="IpvmDurableOptions"/> (store, engine, ops).</summary>
    public IpvmDurableBuilder Configure(Action<IpvmDurableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Registers a handler for <paramref name="op"/>.</summary>
    public IpvmDurableBuilder AddOp(string op, EffectClass effectClass, OpHandler handler, int? maxAttempts = null) =>
        Configure(o => o.AddOp(op, effectClass, handler, maxAttempts));

    /// <summary>Registers a synchronous handler for <paramref name="op"/>.</summary>
    public IpvmDurableBuilder AddOp(string op, EffectClass effectClass, Func<OpContext, TaskResult> handler, int? maxAttempts = null) =>
        Configure(o => o.AddOp(op, effectClass, handler, maxAttempts));

    /// <summary>Works on the <see cref="OpRegistry"/> when it is built.</summary>
    public IpvmDurableBuilder ConfigureOps(Action<OpRegistry> configure) => Configure(o => o.ConfigureOps(configure));
}
