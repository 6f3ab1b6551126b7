using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>
/// Writes committed without an fsync of their own (a run's Completed status, a workflow's own receipt) must be
/// derivable: when they are lost, a resume computes them again from the durable receipts without running a step.
/// </summary>
public sealed class SqliteDerivableWritesTests
{
    private static readonly TaskDescriptor Step = new("Step", DotnetTaskRegistry.Op, "dotnet:Tests/Steps.Step@v1", EffectClass.Idempotent);

    [Fact]
    public async Task A_run_that_lost_its_status_and_its_own_receipt_resumes_to_the_same_result_without_running_a_step()
    {
        var path = SqliteTestFiles.NewPath();
        var runs = 0;
        Cid invocation;
        string runId;
        await using (var store = SqliteDurableStore.Open(path))
        {
            var runtime = Runtime(store, () => runs++);
            var result = await runtime.RunAsync("ThreeSteps", 1L);
            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal(4L, result.Output!.AsInt64());
            (invocation, runId) = (result.InvocationCid, result.RunId!);
        }

        Assert.Equal(3, runs);
        Forget(path, runId, invocation); // what an OS crash may take from unsynced commits

        await using (var store = SqliteDurableStore.Open(path))
        {
            Assert.Equal(RunStatus.Running, (await store.GetRunAsync(runId))!.Status);
            Assert.Null(await store.FindReceiptAsync(invocation));
            var runtime = Runtime(store, () => runs++);
            var resumed = await runtime.ResumeAsync(runId);

            Assert.Equal(RunStatus.Completed, resumed.Status);
            Assert.Equal(4L, resumed.Output!.AsInt64());
            Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(runId))!.Status);
            Assert.NotNull(await store.FindReceiptAsync(invocation));
        }

        Assert.Equal(3, runs); // every step came back from its receipt
    }

    [Fact]
    public async Task The_writer_commits_unsynced_and_a_synced_write_returns_only_after_the_wal_fsync()
    {
        await using var store = SqliteDurableStore.Open(SqliteTestFiles.NewPath());
        var now = DateTimeOffset.UnixEpoch;
        await store.CreateRunAsync(new RunRecord("run", RunStatus.Running, null, null, now, now));
        Assert.Equal(1L, await store.WriteAsync(w => w.Scalar("PRAGMA synchronous"))); // 1 = NORMAL: SqliteWalSync syncs
        Assert.Equal(0, store.WalSync.Pending);

        // A derivable write is not counted for an fsync of its own; a completion returns synced.
        await store.SetRunStatusAsync("run", RunStatus.Completed, null, now);
        Assert.Equal(0, store.WalSync.Pending);
        await store.CompleteTasksAsync("run", [Completion(0)]);
        Assert.Equal(0, store.WalSync.Pending);
        await store.WhenDurableAsync();
        Assert.Single(await store.GetTasksAsync("run"));
    }

    private static TaskCompletion Completion(int index) => SqliteTestFiles.StepCompletion(index);

    private static WorkflowRuntime Runtime(SqliteDurableStore store, Action ran)
    {
        var runtime = new WorkflowRuntime(new DurableEngine(store, new OpRegistry()), new DotnetTaskRegistry(), SqliteWorkflowJournal.Open(store));
        runtime.Tasks.Add(Step, (arguments, _) =>
        {
            ran();
            return ValueTask.FromResult<IpldValue>(arguments.AsInt64() + 1);
        });
        runtime.AddWorkflow(new WorkflowDefinition("ThreeSteps", "dotnet:Tests/ThreeSteps@v1", EffectClass.Effectful, static async (context, arguments) =>
        {
            var value = await context.CallTaskAsync(Step, arguments);
            value = await context.CallTaskAsync(Step, value);
            return await context.CallTaskAsync(Step, value);
        }));
        return runtime;
    }

    private static void Forget(string path, string runId, Cid invocation)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE runs SET status = $running WHERE id = $run; DELETE FROM receipts WHERE instruction = $invocation;";
        command.Parameters.AddWithValue("$running", (int)RunStatus.Running);
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$invocation", invocation.Bytes.ToArray());
        Assert.Equal(2, command.ExecuteNonQuery());
    }
}
