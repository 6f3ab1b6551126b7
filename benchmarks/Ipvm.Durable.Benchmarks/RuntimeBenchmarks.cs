using BenchmarkDotNet.Attributes;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Sqlite;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Benchmarks;

/// <summary>
/// The runtime core's throughput: per-task overhead on the in-memory store, a sequential chain and a wide
/// fan-out on SQLite (synchronous=FULL), and resuming a workflow whose receipts all exist. Each operation is
/// one task. Workflows are built (and their CIDs computed) once, outside the measurement.
/// </summary>
[MemoryDiagnoser]
public class RuntimeBenchmarks
{
    private const int Wide = 10_000;
    private const int Long = 1_000;
    private readonly OpRegistry _ops = new OpRegistry().AddTestOps();
    private Workflow _wide = null!;
    private Workflow _chain = null!;
    private IDurableStore _store = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _wide = new Workflow(Enumerable.Range(0, Wide).Select(i => Task("test/noop", i)));
        var chain = new List<WorkflowTask>(Long);
        for (var i = 0; i < Long; i++)
        {
            chain.Add(i == 0 ? Task("test/echo", 0) : Task("test/echo", IpldMap.Create(("await/ok", new IpldLink(chain[i - 1].InstructionCid)))));
        }

        _chain = new Workflow(chain);
        _ = _wide.Cid;
        _ = _chain.Cid;
    }

    [IterationSetup(Targets = [nameof(NoOpTasksInMemory), nameof(NoOpTasksInMemoryOneWorker)])]
    public void FreshMemory() => _store = new InMemoryDurableStore();

    [IterationSetup(Targets = [nameof(SequentialChainSqliteFull), nameof(IndependentTasksSqliteGroupCommit)])]
    public void FreshSqlite() => _store = SqliteDurableStore.Open(NewPath());

    [IterationSetup(Targets = [nameof(ResumeWithAllReceiptsSqlite)])]
    public void SqliteWithReceipts()
    {
        _store = SqliteDurableStore.Open(NewPath());
        new DurableEngine(_store, _ops).RunAsync(_wide).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_directory is not null && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file the OS still holds; the temp folder is cleaned later.
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Wide)]
    public Task<RunResult> NoOpTasksInMemory() => new DurableEngine(_store, _ops).RunAsync(_wide);

    /// <summary>The same with one worker: separates the per-task cost from what two workers cost each other.</summary>
    [Benchmark(OperationsPerInvoke = Wide)]
    public Task<RunResult> NoOpTasksInMemoryOneWorker() => new DurableEngine(_store, _ops, new DurableEngineOptions { MaxParallelism = 1 }).RunAsync(_wide);

    [Benchmark(OperationsPerInvoke = Long)]
    public Task<RunResult> SequentialChainSqliteFull() => new DurableEngine(_store, _ops).RunAsync(_chain);

    [Benchmark(OperationsPerInvoke = Wide)]
    public Task<RunResult> IndependentTasksSqliteGroupCommit() => new DurableEngine(_store, _ops).RunAsync(_wide);

    [Benchmark(OperationsPerInvoke = Wide)]
    public Task<RunResult> ResumeWithAllReceiptsSqlite() => new DurableEngine(_store, _ops).RunAsync(_wide);

    private static WorkflowTask Task(string op, IpldValue arg) =>
        new(new Instruction("ipfs://bench", op, IpldMap.Create(("args", IpldList.Create(arg)), ("func", "f"))));

    private string NewPath()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ipvm-bench", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)));
        return Path.Combine(_directory, "ipvm.db");
    }
}
