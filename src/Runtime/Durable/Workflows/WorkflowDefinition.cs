using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>The code of a workflow: decodes its input, runs the user's <c>[Workflow]</c> method, encodes its result.</summary>
/// <param name="context">The run's context.</param>
/// <param name="arguments">The <c>args</c> of the workflow's invocation.</param>
public delegate Task<IpldValue> WorkflowBody(WorkflowContext context, IpldValue arguments);

/// <summary>
/// A registered workflow. A run of it is itself an IPVM instruction (<c>workflow/run</c>, with <see cref="Resource"/>
/// naming the code and its version) whose receipt holds the result. A <see cref="EffectClass.Pure"/> workflow (one
/// that calls only deterministic tasks) has an empty nonce, so the same input returns the recorded result at once;
/// any other workflow's nonce is its run id.
/// </summary>
/// <param name="Name">The workflow's name.</param>
/// <param name="Resource">The <c>rsc</c> of its invocations: the workflow's name and code version.</param>
/// <param name="EffectClass">Pure when every task it can call is deterministic.</param>
/// <param name="Body">The code.</param>
public sealed record WorkflowDefinition(string Name, string Resource, EffectClass EffectClass, WorkflowBody Body);
