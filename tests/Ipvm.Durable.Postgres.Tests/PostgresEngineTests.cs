using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests;

namespace Ipvm.Durable.Postgres.Tests;

/// <summary>The engine on the PostgreSQL store: runs, replays from another store instance, recomputes a corrupt receipt.</summary>
public sealed class PostgresEngineTests
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

    [PostgresFact]
    public async Task A_chain_and_a_fan_out_run_and_replay_from_a_second_store_instance()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var chain = TestWorkflows.Chain(50, "count/add");
        var wide = TestWorkflows.Independent(300, "count/add");
        await using (var store = await PostgresDurableStore.OpenAsync(database))
        {
            var engine = new DurableEngine(store, Ops());
            Assert.Equal(RunStatus.Completed, (await engine.RunAsync(chain)).Status);
            Assert.Equal(RunStatus.Completed, (await engine.RunAsync(wide)).Status);
        }

        await using (var store = await PostgresDurableStore.OpenAsync(database))
        {
            var again = await new DurableEngine(store, Ops()).RunAsync(chain);
            Assert.All(again.Tasks, t => Assert.True(t.Replayed));
            Assert.Equal(IpldInteger.From(50), again.Tasks[^1].Receipt!.Out.Value);
            Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(again.RunId))!.Status);
            Assert.All(await store.GetTasksAsync(again.RunId), r => Assert.True(r.Replayed));
        }

        Assert.Equal(350, _executions.Count);
        Assert.All(_executions.Values, n => Assert.Equal(1, n));
    }

    [PostgresFact]
    public async Task A_corrupted_receipt_row_is_recomputed()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var workflow = TestWorkflows.Chain(3, "count/add");
        RunResult first;
        await using (var store = await PostgresDurableStore.OpenAsync(database))
        {
            first = await new DurableEngine(store, Ops()).RunAsync(workflow);
        }

        await PostgresTestDatabase.CorruptReceiptAsync(database, first.Tasks[1].Receipt!.Cid);
        await using (var store = await PostgresDurableStore.OpenAsync(database))
        {
            var second = await new DurableEngine(store, Ops()).RunAsync(workflow);

            Assert.Equal(RunStatus.Completed, second.Status);
            Assert.Equal([true, false, true], second.Tasks.Select(t => t.Replayed));
            Assert.Equal(first.Tasks[2].Receipt!.Out, second.Tasks[2].Receipt!.Out);
        }

        Assert.Equal(2, _executions[workflow.Tasks[1].InstructionCid]);
    }

    [Fact]
    public async Task Options_are_validated_naming_the_setting()
    {
        var schema = await Assert.ThrowsAsync<ArgumentException>(() => PostgresDurableStore.OpenAsync(new PostgresStoreOptions { ConnectionString = "Host=h", Schema = "Bad-Name" }).AsTask());
        var attempts = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PostgresDurableStore.OpenAsync(new PostgresStoreOptions { ConnectionString = "Host=h", MaxRetryAttempts = 0 }).AsTask());

        Assert.Contains("Schema", schema.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryAttempts", attempts.Message, StringComparison.Ordinal);
    }
}
