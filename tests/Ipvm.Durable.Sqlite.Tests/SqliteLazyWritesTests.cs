using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>
/// A run's derivable last commit (its own receipt, its Completed status) is lazy: the caller does not wait for it,
/// it rides with the store's next transaction or commits on its own shortly after, reads through the store never
/// miss it, and disposing the store commits it.
/// </summary>
public sealed class SqliteLazyWritesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public async Task A_runs_last_commit_returns_before_it_is_committed_and_a_read_through_the_store_commits_it_first()
    {
        var path = SqliteTestFiles.NewPath();
        await using var store = OpenWithoutTimer(path);
        await store.CreateRunAsync(SqliteTestFiles.RunningRun("run"));
        var transactions = store.Writer.Transactions;

        await store.CompleteRunAsync("run", [Derivable(0)], RunStatus.Completed, Now);

        Assert.Equal(transactions, store.Writer.Transactions);
        Assert.Equal((long)RunStatus.Running, StatusSeenByAnotherConnection(path));

        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync("run"))!.Status);
        Assert.Equal(transactions + 1, store.Writer.Transactions);
        Assert.Equal((long)RunStatus.Completed, StatusSeenByAnotherConnection(path));
        Assert.Equal(0, store.WalSync.Pending); // derivable: no fsync of its own
    }

    [Fact]
    public async Task A_lazy_write_rides_with_the_next_write_in_one_transaction()
    {
        var path = SqliteTestFiles.NewPath();
        await using var store = OpenWithoutTimer(path);
        await store.CreateRunAsync(SqliteTestFiles.RunningRun("done"));
        var transactions = store.Writer.Transactions;

        await store.CompleteRunAsync("done", [Derivable(0)], RunStatus.Completed, Now);
        await store.CreateRunAsync(SqliteTestFiles.RunningRun("next"));

        Assert.Equal(transactions + 1, store.Writer.Transactions);
        Assert.Equal((long)RunStatus.Completed, StatusSeenByAnotherConnection(path, "done"));
        Assert.Equal((long)RunStatus.Running, StatusSeenByAnotherConnection(path, "next"));
    }

    [Fact]
    public async Task While_the_writer_is_busy_a_runs_last_commit_is_waited_for_as_before()
    {
        var path = SqliteTestFiles.NewPath();
        await using var store = OpenWithoutTimer(path);
        await store.CreateRunAsync(SqliteTestFiles.RunningRun("run"));
        using var release = new ManualResetEventSlim();
        using var draining = new ManualResetEventSlim();
        var busy = store.WriteAsync(_ =>
        {
            draining.Set();
            release.Wait();
            return null;
        });
        draining.Wait();

        var last = store.CompleteRunAsync("run", [Derivable(0)], RunStatus.Completed, Now).AsTask();
        Assert.False(last.IsCompleted); // queued behind the drain, not returned at once

        release.Set();
        await busy;
        await last;
        Assert.Equal((long)RunStatus.Completed, StatusSeenByAnotherConnection(path));
    }

    [Fact]
    public async Task With_no_other_write_a_lazy_write_commits_on_its_own()
    {
        var path = SqliteTestFiles.NewPath();
        await using var store = SqliteDurableStore.Open(path);
        await store.CreateRunAsync(SqliteTestFiles.RunningRun("run"));

        await store.CompleteRunAsync("run", [Derivable(0)], RunStatus.Completed, Now);

        // Liveness, not speed: the bound only keeps a broken timer from hanging the suite.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (StatusSeenByAnotherConnection(path) != (long)RunStatus.Completed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.Equal((long)RunStatus.Completed, StatusSeenByAnotherConnection(path));
    }

    [Fact]
    public async Task Disposing_the_store_commits_a_lazy_write()
    {
        var path = SqliteTestFiles.NewPath();
        await using (var store = OpenWithoutTimer(path))
        {
            await store.CreateRunAsync(SqliteTestFiles.RunningRun("run"));
            await store.CompleteRunAsync("run", [Derivable(0)], RunStatus.Completed, Now);
        }

        Assert.Equal((long)RunStatus.Completed, StatusSeenByAnotherConnection(path));
        await using var reopened = SqliteDurableStore.Open(path);
        Assert.NotNull(await reopened.FindReceiptAsync(SqliteTestFiles.StepReceipt(0).InstructionCid!));
    }

    [Fact]
    public async Task Reads_racing_lazy_writes_from_many_threads_always_see_them()
    {
        await using var store = OpenWithoutTimer(SqliteTestFiles.NewPath());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < 200; i += 8)
            {
                var run = $"run-{i}";
                await store.CreateRunAsync(SqliteTestFiles.RunningRun(run));
                await store.CompleteRunAsync(run, [Derivable(i)], RunStatus.Completed, Now);
                Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(run))!.Status);
            }
        })));

        Assert.All(await store.ListRunsAsync(), run => Assert.Equal(RunStatus.Completed, run.Status));
    }

    /// <summary>A store whose lazy writes wait for another write or a read, never for the timer: what a test sees does not depend on time.</summary>
    private static SqliteDurableStore OpenWithoutTimer(string path)
    {
        var store = SqliteDurableStore.Open(path);
        store.Writes.LazyDelay = Timeout.InfiniteTimeSpan;
        return store;
    }

    private static TaskCompletion Derivable(int index) => SqliteTestFiles.StepCompletion(index) with { Derivable = true };

    private static long StatusSeenByAnotherConnection(string path, string runId = "run")
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", runId);
        return (long)command.ExecuteScalar()!;
    }
}
