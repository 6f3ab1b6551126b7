using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Replay;

/// <summary>
/// An engine on an in-memory store with a workflow runtime, plus tasks written the way the source generator will
/// emit them (typed wrappers over <see cref="WorkflowContext.CallTaskAsync"/>), counting how often each body runs.
/// </summary>
internal sealed class WorkflowHarness
{
    public WorkflowHarness(InMemoryDurableStore? store = null, InMemoryWorkflowJournal? journal = null)
    {
        Store = store ?? new InMemoryDurableStore();
        Journal = journal ?? new InMemoryWorkflowJournal();
        Engine = new DurableEngine(Store, new OpRegistry(), new DurableEngineOptions { MaxParallelism = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        Runtime = new WorkflowRuntime(Engine, new DotnetTaskRegistry(), Journal);
        AddTask(Twice, static (x, _) => x.AsInt64() * 2);
        AddTask(Increment, static (x, _) => x.AsInt64() + 1);
        AddTask(Charge, (x, effect) =>
        {
            ChargeKeys.Add(effect.IdempotencyKey);
            return x.AsInt64();
        });
    }

    public static TaskDescriptor Twice { get; } = new("Twice", DotnetTaskRegistry.Op, "dotnet:Tests/Math.Twice@v1", EffectClass.Pure);

    public static TaskDescriptor Increment { get; } = new("Increment", DotnetTaskRegistry.Op, "dotnet:Tests/Math.Increment@v1", EffectClass.Pure);

    public static TaskDescriptor Charge { get; } = new("Charge", DotnetTaskRegistry.Op, "dotnet:Tests/Payments.Charge@v1", EffectClass.Effectful);

    public InMemoryDurableStore Store { get; }

    public InMemoryWorkflowJournal Journal { get; }

    public DurableEngine Engine { get; }

    public WorkflowRuntime Runtime { get; }

    public ConcurrentDictionary<string, int> Executions { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> ChargeKeys { get; } = [];

    public void AddTask(TaskDescriptor descriptor, Func<IpldValue, EffectContext, IpldValue> body) =>
        Runtime.Tasks.Add(descriptor, (arguments, effect) =>
        {
            Executions.AddOrUpdate(descriptor.Name, 1, static (_, n) => n + 1);
            return ValueTask.FromResult(body(arguments, effect));
        });

    public int Count(string task) => Executions.GetValueOrDefault(task);

    public static async Task<long> CallAsync(WorkflowContext context, TaskDescriptor task, long argument) =>
        (await context.CallTaskAsync(task, argument)).AsInt64();

    public static WorkflowDefinition Workflow(string name, EffectClass effectClass, Func<WorkflowContext, long, Task<long>> body, string version = "v1") =>
        new(name, $"dotnet:Tests/{name}@{version}", effectClass, async (context, arguments) => await body(context, arguments.AsInt64()));
}
