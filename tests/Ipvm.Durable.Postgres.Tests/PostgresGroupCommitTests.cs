using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Tests;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests;

public sealed class PostgresGroupCommitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task A_bad_write_in_a_group_fails_alone_and_the_rest_of_the_group_commits()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var store = await PostgresDurableStore.OpenAsync(database);
        await store.CreateRunAsync(new RunRecord("run", RunStatus.Running, null, null, Now, Now));

        // PostgreSQL text cannot hold a NUL character: that write is rejected by the server.
        var writes = Enumerable.Range(0, 200).Select(i => store.CompleteTasksAsync("run", [Completion(i, i == 100 ? "bad\0name" : "echo")]).AsTask()).ToArray();
        var missingRun = store.SetRunRequestAsync("no-such-run", RunRequest.Pause).AsTask();

        var bad = await Assert.ThrowsAsync<PostgresException>(() => writes[100]);
        await Task.WhenAll(writes.Where((_, i) => i != 100));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => missingRun);

        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, bad.SqlState);
        Assert.Contains("no-such-run", missing.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 200).Where(i => i != 100), (await store.GetTasksAsync("run")).Select(t => t.Index));
    }

    [PostgresFact]
    public async Task Writing_the_same_completions_again_changes_nothing()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var store = await PostgresDurableStore.OpenAsync(database);
        await store.CreateRunAsync(new RunRecord("run", RunStatus.Running, null, null, Now, Now));
        TaskCompletion[] completions = [.. Enumerable.Range(0, 20).Select(i => Completion(i, "echo"))];

        await store.CompleteTasksAsync("run", completions);
        var tasks = await store.GetTasksAsync("run");
        var receipts = await store.ListReceiptsAsync();
        await store.CompleteTasksAsync("run", completions);
        await store.SetRunStatusAsync("run", RunStatus.Completed, null, Now);
        await store.SetRunStatusAsync("run", RunStatus.Completed, null, Now);

        Assert.Equal(tasks, await store.GetTasksAsync("run"));
        Assert.Equal(receipts, await store.ListReceiptsAsync());
        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync("run"))!.Status);
    }

    [PostgresFact]
    public async Task A_retried_run_creation_that_finds_its_own_row_succeeds_and_any_other_duplicate_is_refused()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var store = await PostgresDurableStore.OpenAsync(database);
        var run = new RunRecord("run", RunStatus.Pending, null, "demo", Now.ToOffset(TimeSpan.FromHours(2)), Now);

        Assert.True(await store.TryCreateRunAsync(run, attempt: 1, CancellationToken.None));

        // Attempt 2 stands for the retry after a commit whose acknowledgement was lost.
        Assert.True(await store.TryCreateRunAsync(run, attempt: 2, CancellationToken.None));
        Assert.False(await store.TryCreateRunAsync(run, attempt: 1, CancellationToken.None));
        Assert.False(await store.TryCreateRunAsync(run with { Name = "other" }, attempt: 2, CancellationToken.None));
        Assert.Single(await store.ListRunsAsync());
    }

    [PostgresFact]
    public async Task Derivable_completions_commit_with_synchronous_commit_off_only_inside_their_own_transaction()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using (var store = await PostgresDurableStore.OpenAsync(database))
        {
            await store.CreateRunAsync(new RunRecord("run", RunStatus.Running, null, null, Now, Now));
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.CompleteTasksAsync("run", [Completion(i, "echo") with { Derivable = i % 2 == 0 }]).AsTask()));
            Assert.Equal(50, (await store.GetTasksAsync("run")).Count);
        }

        // What the writer relies on: set_config(..., true) in a batch holds for that batch's implicit transaction only.
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new("SELECT set_config('synchronous_commit', 'off', true)"), new("SELECT current_setting('synchronous_commit')") },
        };
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            await reader.ReadAsync();
            Assert.Equal("off", reader.GetString(0));
        }

        await using var after = new NpgsqlCommand("SELECT current_setting('synchronous_commit')", connection);
        Assert.Equal("on", await after.ExecuteScalarAsync());
    }

    private static TaskCompletion Completion(int index, string name)
    {
        var receipt = Receipt.For(TestWorkflows.Task("test/echo", "group" + index), TaskResult.Ok((long)index));
        return new TaskCompletion(new TaskRecord(index, receipt.InstructionCid!, name, TaskState.Succeeded, false, receipt.Cid, 1, TimeSpan.Zero), receipt);
    }
}
