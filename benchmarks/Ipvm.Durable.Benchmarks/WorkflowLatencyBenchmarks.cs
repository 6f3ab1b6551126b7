using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Sqlite;

namespace Ipvm.Durable.Benchmarks;

/// <summary>
/// Start-to-result of a workflow of three sequential .NET tasks on SQLite (<c>synchronous=FULL</c>, WAL): a new run
/// each time, so every step runs and commits its receipt; the workflow journal lives in the same file.
/// </summary>
/// <remarks>
/// Two jobs. <c>Iterations</c> is BenchmarkDotNet's default: each iteration averages many runs, so its P50 is the
/// median of iteration means, which carries the tail of the runs. <c>PerRun</c> times every run on its own (one
/// invocation per iteration, no outliers removed, no forced collections between runs, so collections land in the
/// runs they interrupt): its P50 and P95 are those of single runs' start-to-result latency. Its 2,500 warm-up runs
/// (about 5 s) let tiered compilation settle first, as in a long-running host: in a loop of runs it settles after 2–3 s
/// of calls (an in-memory run takes about 0.33 ms before and 0.09 ms after), so with 500 (about 1 s) the first several
/// hundred measured runs ran code that had not, though no difference in P50 showed through this disk's noise.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class WorkflowLatencyBenchmarks
{
    private static readonly TaskDescriptor Step = new("Step", DotnetTaskRegistry.Op, "dotnet:Bench/Steps.Step@v1", EffectClass.Idempotent);
    private string _directory = null!;
    private SqliteDurableStore _store = null!;
    private SqliteWorkflowJournal _journal = null!;
    private WorkflowRuntime _runtime = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ipvm-bench-").FullName;
        var path = Path.Combine(_directory, "store.db");
        _store = SqliteDurableStore.Open(path);
        _journal = SqliteWorkflowJournal.Open(_store);
        var engine = new DurableEngine(_store, new OpRegistry());
        _runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), _journal);
        _runtime.Tasks.Add(Step, static (arguments, _) => ValueTask.FromResult<IpldValue>(arguments.AsInt64() + 1));
        _runtime.AddWorkflow(new WorkflowDefinition("ThreeSteps", "dotnet:Bench/ThreeSteps@v1", EffectClass.Effectful, static async (context, arguments) =>
        {
            var value = await context.CallTaskAsync(Step, arguments);
            value = await context.CallTaskAsync(Step, value);
            return await context.CallTaskAsync(Step, value);
        }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _journal.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<IpldValue?> StartToResult() => (await _runtime.RunAsync("ThreeSteps", 1L)).Output;

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig()
        {
            AddJob(Job.Default.WithId("Iterations"));
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(2500)
                .WithIterationCount(3000)
                .WithGcForce(false)
                .WithOutlierMode(OutlierMode.DontRemove)
                .WithId("PerRun"));
            AddColumn(StatisticColumn.P50, StatisticColumn.P90, StatisticColumn.P95);
        }
    }
}
