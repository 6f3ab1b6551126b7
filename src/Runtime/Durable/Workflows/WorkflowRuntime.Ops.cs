using Ipvm.Durable.Ipld;
using Ipvm.Durable.Replay;

namespace Ipvm.Durable;

public sealed partial class WorkflowRuntime
{
    private void RegisterOps(OpRegistry ops)
    {
        // Each .NET task keeps its own class: deterministic ones are retried freely, effectful ones claimed first.
        ops.Register(DotnetTaskRegistry.Op, instruction => _tasks.TryGet(instruction.Resource, out var task) ? task.Descriptor.EffectClass : EffectClass.Effectful, RunDotnetTaskAsync);
        ops.Register(ReplayWorkflowContext.TimerOp, EffectClass.Pure, static context => TaskResult.Ok(context.Input.AsMap()["fireAt"]));
        // A run's own receipt holds the output its code computed from its steps' receipts: derivable by replay.
        ops.Register(new OpDefinition(WorkflowOp, EffectClass.Pure, context => ValueTask.FromResult(_decisions.Take(context.Instruction.Cid)), Derivable: true));
        ops.Register(ReplayWorkflowContext.EventOp, EffectClass.Pure, context => _decisions.Take(context.Instruction.Cid));
    }

    private async ValueTask<TaskResult> RunDotnetTaskAsync(OpContext context)
    {
        if (!_tasks.TryGet(context.Instruction.Resource, out var task))
        {
            return TaskResult.Error($"No .NET task is registered for '{context.Instruction.Resource}' (its code may have changed version).");
        }

        var effect = new EffectContext(context.RunId, "ipvm-" + context.Task.InstructionCid, context.Attempt, context.CancellationToken);
        var arguments = context.Input.AsMap()["args"];
        try
        {
            return TaskResult.Ok(await task.Handler(arguments, effect).ConfigureAwait(false));
        }
        catch (Exception e) when (task.Descriptor.EffectClass == EffectClass.Pure && e is not OperationCanceledException)
        {
            // A deterministic task that throws would throw again: that is its result, not a transient failure.
            return TaskResult.Error(IpldMap.Create(("message", e.Message), ("type", e.GetType().FullName ?? e.GetType().Name)));
        }
    }
}
