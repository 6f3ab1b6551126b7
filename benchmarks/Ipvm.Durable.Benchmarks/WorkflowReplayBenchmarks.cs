using BenchmarkDotNet.Attributes;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Benchmarks;

/// <summary>
/// Replaying a workflow whose 10,000 calls all have receipts: each operation is one whole run (a new run id, so the
/// workflow itself is not memoized) on the in-memory store; divide by <see cref="Calls"/> for the cost per call.
/// </summary>
[MemoryDiagnoser]
public class WorkflowReplayBenchmarks
{
    public const int Calls = 10_000;
    private static readonly TaskDescriptor Step = new("Step", DotnetTaskRegistry.Op, "dotnet:Bench/Steps.Step@v1", EffectClass.Pure);
    private WorkflowRuntime _runtime = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new DurableEngine(new InMemoryDurableStore(), new OpRegistry());
        _runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), new InMemoryWorkflowJournal());
        _runtime.Tasks.Add(Step, static (arguments, _) => ValueTask.FromResult<IpldValue>(arguments.AsInt64() + 1));
        _runtime.AddWorkflow(new WorkflowDefinition("Chain", "dotnet:Bench/Chain@v1", EffectClass.Effectful, static async (context, arguments) =>
        {
            var value = arguments.AsInt64();
            for (var i = 0; i < Calls; i++)
            {
                value = (await context.CallTaskAsync(Step, value)).AsInt64();
            }

            return value;
        }));
        var first = _runtime.RunAsync("Chain", 0L).GetAwaiter().GetResult();
        if (first.Status != RunStatus.Completed)
        {
            throw new InvalidOperationException($"The recording run ended {first.Status}: {first.Error}");
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<IpldValue?> ReplayPerCall() => (await _runtime.RunAsync("Chain", 0L)).Output;
}
