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

    /// <summary>
    /// Adds workflows: a <see cref="WorkflowRuntime"/> (its journal beside the store) and an
    /// <see cref="IWorkflowClient"/> as singletons, configured by <paramref name="configure"/> when first used,
    /// for example <c>runtime =&gt; runtime.AddGeneratedWorkflows()</c>. The hosted service then also resumes
    /// unfinished workflow runs, with their pending timers, when the host starts.
    /// </summary>
    public IpvmDurableBuilder AddWorkflows(Action<WorkflowRuntime> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddWorkflows((runtime, _) => configure(runtime));
    }

    /// <summary>As <see cref="AddWorkflows(Action{WorkflowRuntime})"/>, with the service provider (for tasks whose instances come from it).</summary>
    public IpvmDurableBuilder AddWorkflows(Action<WorkflowRuntime, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        WorkflowServices.Add(Services);
        Services.AddSingleton(new WorkflowConfiguration(configure));
        return this;
    }

    /// <summary>Works on the <see cref="OpRegistry"/> when it is built.</summary>
    public IpvmDurableBuilder ConfigureOps(Action<OpRegistry> configure) => Configure(o => o.ConfigureOps(configure));
}
