using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable.Sqlite.Tests;

public sealed class SqliteEngineTests
{
    private readonly ConcurrentDictionary<Cid, int> _executions = new();

    private OpRegistry Ops() => new OpRegistry().AddTestOps().Register("count/add", EffectClass.Pure, c =>
    {
        _executions.AddOrUpdate(c.Task.InstructionCid, 1, (_, n) => n + 1);
        Int128 sum = 0;
        foreach (var arg in c.Input.AsMap()["args"].AsList().Items)
        {
            sum += arg is IpldInteger n ? n.Value : 0;
        }

        return TaskResult.Ok(IpldInteger.From(sum + 1));
    });

    [Fact]
    public async Task A_chain_and_a_fan_out_run_and_replay_across_reopen()
    {
        var path = SqliteTestFiles.NewPath();
        var chain = TestWorkflows.Chain(50, "count/add");
        var wide = TestWorkflows.Independent(300, "count/add");
        await using (var store = SqliteDurableStore.Open(path))
        {
            var engine = new DurableEngine(store, Ops());
            Assert.Equal(RunStatus.Completed, (await engine.RunAsync(chain)).Status);
            Assert.Equal(RunStatus.Completed, (await engine.RunAsync(wide)).Status);
        }

        await using (var store = SqliteDurableStore.Open(path))
        {
            var engine = new DurableEngine(store, Ops());
            var again = await engine.RunAsync(chain);
            Assert.All(again.Tasks, t => Assert.True(t.Replayed));
            Assert.Equal(IpldInteger.From(50), again.Tasks[^1].Receipt!.Out.Value);
            Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(again.RunId))!.Status);
            Assert.All(await store.GetTasksAsync(again.RunId), r => Assert.True(r.Replayed));
        }

        Assert.Equal(350, _executions.Count);
        Assert.All(_executions.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_corrupted_receipt_row_is_detected_logged_and_recomputed()
    {
        var path = SqliteTestFiles.NewPath();
        var workflow = TestWorkflows.Chain(3, "count/add");
        RunResult first;
        await using (var store = SqliteDurableStore.Open(path))
        {
            first = await new DurableEngine(store, Ops()).RunAsync(workflow);
        }

        SqliteTestFiles.CorruptReceipt(path, first.Tasks[1].Receipt!.Cid);
        var logger = new ListLogger();
        await using (var store = SqliteDurableStore.Open(path, logger: logger))
        {
            var second = await new DurableEngine(store, Ops()).RunAsync(workflow);

            Assert.Equal(RunStatus.Completed, second.Status);
            Assert.Equal([true, false, true], second.Tasks.Select(t => t.Replayed));
            Assert.Equal(first.Tasks[2].Receipt!.Out, second.Tasks[2].Receipt!.Out);
        }

        Assert.Equal(2, _executions[workflow.Tasks[1].InstructionCid]);
        Assert.Contains(logger.Messages, m => m.Contains("Corrupt receipt", StringComparison.Ordinal) && m.Contains(first.Tasks[1].Receipt!.Cid.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Options_are_validated_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SqliteDurableStore.Open(SqliteTestFiles.NewPath(), new SqliteStoreOptions { Synchronous = "SOMETIMES" }));
        Assert.Contains("Synchronous", error.Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentBag<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
