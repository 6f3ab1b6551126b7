using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Tests;

namespace Ipvm.Durable.Postgres.Tests;

/// <summary>The server goes away under a store: calls wait through the outage and nothing is lost or duplicated.</summary>
public sealed class PostgresOutageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task Calls_made_while_the_server_is_down_succeed_once_it_is_back()
    {
        using var server = PostgresServer.Create();
        await using var store = await OpenPatientStoreAsync(await server.CreateDatabaseAsync());
        await store.CreateRunAsync(new RunRecord("before", RunStatus.Running, null, null, Now, Now));
        await store.CompleteTasksAsync("before", Completions(0, 100));

        server.Stop(immediate: true);
        var create = store.CreateRunAsync(new RunRecord("during", RunStatus.Running, null, null, Now, Now)).AsTask();
        var write = store.CompleteTasksAsync("before", Completions(100, 100)).AsTask();
        var read = store.ListRunsAsync().AsTask();
        Assert.False(create.IsCompleted || write.IsCompleted || read.IsCompleted);
        server.Start();
        await Task.WhenAll(create, write, read);

        Assert.Contains("before", (await read).Select(r => r.RunId));
        Assert.Equal(["before", "during"], (await store.ListRunsAsync()).Select(r => r.RunId));
        Assert.Equal(Enumerable.Range(0, 200), (await store.GetTasksAsync("before")).Select(t => t.Index));
        Assert.Equal(200, (await store.ListReceiptsAsync()).Count);
    }

    [PostgresFact]
    public async Task Writes_in_flight_when_the_server_crashes_all_land_exactly_once()
    {
        using var server = PostgresServer.Create();
        var database = await server.CreateDatabaseAsync();
        await using var store = await OpenPatientStoreAsync(database);
        await store.CreateRunAsync(new RunRecord("run", RunStatus.Running, null, null, Now, Now));
        var first = store.CompleteTasksAsync("run", Completions(0, 50)).AsTask();
        var writes = Enumerable.Range(1, 39).Select(i => store.CompleteTasksAsync("run", Completions(i * 50, 50)).AsTask()).Prepend(first).ToArray();
        await first;

        server.Stop(immediate: true);
        server.Start();
        await Task.WhenAll(writes);

        var tasks = await store.GetTasksAsync("run");
        Assert.Equal(Enumerable.Range(0, 2000), tasks.Select(t => t.Index));
        var receipts = await store.ListReceiptsAsync();
        Assert.Equal(2000, receipts.Count);
        Assert.Equal(tasks.Select(t => t.ReceiptCid!).Order(), receipts.Order());
        Assert.Equal(2000L, await PostgresTestDatabase.ScalarAsync<long>(database, "SELECT count(DISTINCT cid) FROM receipts"));
    }

    private static async Task<PostgresDurableStore> OpenPatientStoreAsync(string database) =>
        await PostgresDurableStore.OpenAsync(new PostgresStoreOptions
        {
            ConnectionString = database,

            // A bound for liveness only: the restart may be slow on a busy machine.
            MaxRetryAttempts = 1000,
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        });

    private static TaskCompletion[] Completions(int start, int count) =>
        [.. Enumerable.Range(start, count).Select(i =>
        {
            var receipt = Receipt.For(TestWorkflows.Task("test/echo", "outage" + i), TaskResult.Ok((long)i));
            return new TaskCompletion(new TaskRecord(i, receipt.InstructionCid!, "echo", TaskState.Succeeded, false, receipt.Cid, 1, TimeSpan.Zero), receipt);
        })];
}
