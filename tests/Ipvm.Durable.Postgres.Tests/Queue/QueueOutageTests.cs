using Ipvm.Durable.Postgres.Tests.Fixture;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>The database restarts under working workers: they wait it out and the run completes, nothing lost or doubled.</summary>
public sealed class QueueOutageTests
{
    [PostgresFact]
    public async Task Workers_survive_a_database_restart_mid_run_and_finish_every_task_exactly_once()
    {
        using var server = PostgresServer.Create();
        var (connectionString, store) = await QueueDatabase.CreateAsync(server);
        await using var _ = store;
        await using var sink = NpgsqlDataSource.Create(connectionString);
        var workflow = MixedWorkload.Create(600, "outage", sleepMs: 5);
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, workflow);
        var workers = new[] { "a", "b" }.Select(id =>
        {
            var options = QueueDatabase.Options(id);
            options.LeaseDuration = TimeSpan.FromSeconds(4);
            options.RetryInterruptedEffects = true;
            return new DurableWorker(store, store.WorkQueue, MixedWorkload.Register(new OpRegistry(), sink, id), options);
        }).ToArray();

        var running = QueueDatabase.RunUntilFinishedAsync(submitted.RunId, workers[0], workers[1]);
        while (await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM queue_tasks WHERE state >= 2") < 150)
        {
            await Task.Delay(20);
        }

        server.Stop(immediate: true);
        await Task.Delay(2000);
        server.Start();
        var run = await running;

        Assert.Equal(RunStatus.Completed, run.Status);
        await MultiWorkerTests.AssertExactlyOnceAsync(connectionString, store, submitted.RunId, workflow);
    }
}
