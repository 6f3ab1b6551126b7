namespace Ipvm.Durable.Hosting;

/// <summary>One <c>AddWorkflows(...)</c> call: applied to the <see cref="WorkflowRuntime"/> when it is built.</summary>
internal sealed record WorkflowConfiguration(Action<WorkflowRuntime, IServiceProvider> Configure);
