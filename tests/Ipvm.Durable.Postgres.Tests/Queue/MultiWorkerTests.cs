using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Tests.Fixture;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>
/// Three worker processes share one database and 2,000 tasks of all effect classes; one is SIGKILLed, one
/// SIGSTOPped past its lease and then continued. Nothing is lost, nothing is recorded twice, outputs equal an
/// in-process run, and the keyed sink delivers each key once.
/// </summary>
public sealed class MultiWorkerTests
{
    private const int Tasks = 2000;
    private const int LeaseMs = 2000;

    [PostgresFact]
    public async Task Three_workers_one_killed_and_one_stalled_past_its_lease_finish_every_task_exactly_once()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var workflow = MixedWorkload.Create(Tasks, "chaos", sleepMs: 5);
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, workflow, MixedWorkload.Register(new OpRegistry(), null, "submitter"));
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(await WorkerProcess.StartAsync(connectionString, $"worker-{i}", concurrency: 4, LeaseMs));
            }

            await WaitForDoneAsync(connectionString, Tasks / 5);
            workers[0].Kill();
            await WaitForDoneAsync(connectionString, Tasks / 3);
            workers[1].Signal("STOP");
            await Task.Delay(LeaseMs * 2);
            workers[1].Signal("CONT");

            var run = await WaitForEndAsync(store, submitted.RunId);
            Assert.True(run.Status == RunStatus.Completed, $"{run.Status}: {run.Error}\n{string.Join("\n", workers.Select(w => w.Output))}");
            foreach (var worker in workers.Skip(1))
            {
                await worker.StopAsync();
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }

        await AssertExactlyOnceAsync(connectionString, store, submitted.RunId, workflow);
    }

    internal static async Task AssertExactlyOnceAsync(string connectionString, PostgresDurableStore store, string runId, Workflow workflow)
    {
        // The reference: the same workflow in one process on the in-memory store.
        var expected = await new DurableEngine(new InMemoryDurableStore(), MixedWorkload.Register(new OpRegistry(), null, "reference")).RunAsync(workflow);
        var tasks = await store.GetTasksAsync(runId);
        Assert.Equal(Enumerable.Range(0, workflow.Tasks.Count), tasks.Select(t => t.Index));
        foreach (var outcome in expected.Tasks)
        {
            Assert.Equal(outcome.Receipt!.Cid, tasks[outcome.Index].ReceiptCid);
        }

        Assert.Equal(workflow.Tasks.Count, (await store.ListReceiptsAsync()).Count);
        Assert.Equal(0L, await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM (SELECT instruction FROM receipts GROUP BY instruction HAVING count(*) > 1) twice"));

        var sinkKeys = workflow.Tasks.Where(t => t.Run.Op == "mix/sink").Select(t => $"{runId}/{t.InstructionCid}").Order(StringComparer.Ordinal).ToArray();
        var delivered = await QueueDatabase.ColumnAsync<string>(connectionString, "SELECT key FROM public.sink ORDER BY key COLLATE \"C\"");
        Assert.Equal(sinkKeys, delivered);
    }

    private static async Task WaitForDoneAsync(string connectionString, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM queue_tasks WHERE state >= 2") < count)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<RunRecord> WaitForEndAsync(PostgresDurableStore store, string runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (true)
        {
            var run = (await store.GetRunAsync(runId, timeout.Token))!;
            if (run.Status != RunStatus.Running)
            {
                return run;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
