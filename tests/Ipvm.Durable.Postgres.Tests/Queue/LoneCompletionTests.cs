using Ipvm.Durable.Postgres.Tests.Fixture;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>
/// The one-task completion (<see cref="LoneCompletionStatement"/>, function <c>queue_complete_one</c>) against the batch
/// statement. Every scenario runs twice on fresh databases, once through each with a batch of one: both must give the
/// results asserted and leave the same rows in the queue, run, task and receipt tables.
/// </summary>
public sealed class LoneCompletionTests
{
    private const long Now = 638_000_000_000_000_000;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static readonly OpRegistry Ops = new OpRegistry()
        .Register("test/put", EffectClass.Idempotent, _ => TaskResult.Ok("put"))
        .Register("test/pure", EffectClass.Pure, _ => TaskResult.Ok("pure"))
        .Register("test/other", EffectClass.Pure, _ => TaskResult.Ok("other"));

    private static readonly WorkerInfo Worker = new("w", "host", 1, ["test/put", "test/pure"], []);

    [PostgresFact]
    public Task A_chain_step_hands_over_its_dependent_with_the_memo_and_the_last_step_ends_the_run() => BothAsync(async db =>
    {
        var first = Task("test/put", "first");
        var second = Task("test/put", Ok(first));
        var third = Task("test/pure", Ok(second));
        var runId = await db.SubmitAsync(first, second, third);
        var recorded = Receipt.For(second, TaskResult.Ok("put by another run"));
        await db.Store.PutReceiptAsync(recorded);
        var lease = Assert.Single(await db.Store.WorkQueue.ClaimAsync(Worker, 1, Minute));

        var one = await db.CompleteAsync(Done(lease, first), new DependentClaim(Worker, 1, Minute));

        Assert.True(Assert.Single(one.Outcomes).Accepted);
        Assert.False(one.MoreRunnable);
        var next = Assert.Single(one.Claimed);
        Assert.Equal((runId, 1, second.InstructionCid, 1L, 1, false), (next.RunId, next.Index, next.InstructionCid, next.Epoch, next.Claims, next.RetryInterruptedEffects));
        Assert.Equal((true, recorded.Cid), (next.MemoChecked, next.Memo?.Cid));
        Assert.Empty(await db.Store.WorkQueue.ClaimAsync(Worker, 8, Minute));

        var two = await db.CompleteAsync(new LeasedCompletion(next, TaskState.Succeeded, recorded, true, 0, TimeSpan.Zero, null), new DependentClaim(Worker, 1, Minute));

        var last = Assert.Single(two.Claimed);
        Assert.Equal((2, false), (last.Index, last.MemoChecked));
        var three = await db.CompleteAsync(Done(last, third) with { Recomputable = true }, new DependentClaim(Worker, 1, Minute));

        Assert.Equal(new CompletionOutcome(true, RunStatus.Completed), Assert.Single(three.Outcomes));
        Assert.Empty(three.Claimed);
        var run = (await db.Store.GetRunAsync(runId))!;
        Assert.Equal((RunStatus.Completed, null), (run.Status, run.Error));
        Assert.Equal(Now, run.UpdatedAt.UtcTicks);
        var records = await db.Store.GetTasksAsync(runId);
        Assert.Equal([false, true, false], records.OrderBy(r => r.Index).Select(r => r.Replayed));
        Assert.Equal(recorded.Cid, records.Single(r => r.Index == 1).ReceiptCid);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM receipts"));
        Assert.False(await db.ScalarAsync<bool>("SELECT open FROM queue_runs"));
    });

    [PostgresFact]
    public Task A_fenced_completion_writes_nothing_and_a_retried_one_is_accepted_once() => BothAsync(async db =>
    {
        var first = Task("test/put", "fenced");
        var second = Task("test/put", Ok(first));
        await db.SubmitAsync(first, second);
        var queue = db.Store.WorkQueue;
        var stalled = Worker with { Id = "stalled" };
        var stale = Assert.Single(await queue.ClaimAsync(stalled, 1, Minute));
        await db.ScalarAsync<int>("UPDATE queue_tasks SET lease_expires = now() - interval '1 second' WHERE idx = 0 RETURNING idx");
        var current = Assert.Single(await queue.ClaimAsync(Worker, 1, Minute));
        var late = Receipt.For(first, TaskResult.Ok("computed by the stalled worker"));

        var fenced = await db.CompleteAsync(new LeasedCompletion(stale, TaskState.Succeeded, late, false, 1, TimeSpan.Zero, null), new DependentClaim(stalled, 8, Minute));

        Assert.Equal((1L, 2L), (stale.Epoch, current.Epoch));
        Assert.Equal(new CompletionOutcome(false, null), Assert.Single(fenced.Outcomes));
        Assert.Equal((0, false), (fenced.Claimed.Count, fenced.MoreRunnable));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM receipts"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM tasks"));
        Assert.Equal("1 w 1", await db.ScalarAsync<string>("SELECT concat_ws(' ', state, lease_owner, (SELECT pending FROM queue_tasks WHERE idx = 1)) FROM queue_tasks WHERE idx = 0"));

        var accepted = await db.CompleteAsync(Done(current, first), new DependentClaim(Worker, 8, Minute));
        var retried = await db.CompleteAsync(Done(current, first), new DependentClaim(Worker, 8, Minute));
        var tooLate = await db.CompleteAsync(new LeasedCompletion(stale, TaskState.Succeeded, late, false, 1, TimeSpan.Zero, null), new DependentClaim(stalled, 8, Minute));

        Assert.Equal(1, Assert.Single(accepted.Claimed).Index);
        Assert.Equal(new CompletionOutcome(true, null), Assert.Single(retried.Outcomes));
        Assert.Empty(retried.Claimed);
        Assert.False(Assert.Single(tooLate.Outcomes).Accepted);
        Assert.Equal("0 1 1", await db.ScalarAsync<string>("SELECT concat_ws(' ', pending, state, lease_epoch) FROM queue_tasks WHERE idx = 1"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT unfinished FROM queue_runs"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM receipts"));
    });

    [PostgresFact]
    public Task A_failed_task_ends_its_run_failed_with_the_first_error() => BothAsync(async db =>
    {
        var task = Task("test/put", "fails");
        var runId = await db.SubmitAsync(task);
        var lease = Assert.Single(await db.Store.WorkQueue.ClaimAsync(Worker, 1, Minute));
        var failure = Receipt.For(task, TaskResult.Error("boom"));

        var result = await db.CompleteAsync(new LeasedCompletion(lease, TaskState.Failed, failure, false, 3, TimeSpan.FromTicks(42), null), null);

        Assert.Equal(new CompletionOutcome(true, RunStatus.Failed), Assert.Single(result.Outcomes));
        var run = (await db.Store.GetRunAsync(runId))!;
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith($"task 0 (put, {task.InstructionCid}) failed: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("boom", run.Error, StringComparison.Ordinal);
        var record = Assert.Single(await db.Store.GetTasksAsync(runId));
        Assert.Equal((TaskState.Failed, 3, 42L), (record.State, record.Attempts, record.Duration.Ticks));
        Assert.False(await db.ScalarAsync<bool>("SELECT ok FROM receipts"));
    });

    [PostgresFact]
    public Task A_parking_completion_hands_nothing_over_and_leaves_its_dependent_runnable() => BothAsync(async db =>
    {
        var first = Task("test/put", "parks");
        var second = Task("test/put", Ok(first));
        var runId = await db.SubmitAsync(first, second);
        var lease = Assert.Single(await db.Store.WorkQueue.ClaimAsync(Worker, 1, Minute));
        var failure = Receipt.For(first, TaskResult.Error("retries exhausted"));

        var result = await db.CompleteAsync(new LeasedCompletion(lease, TaskState.Failed, failure, false, 5, TimeSpan.Zero, "out of retries"), new DependentClaim(Worker, 8, Minute));

        Assert.Equal(new CompletionOutcome(true, null), Assert.Single(result.Outcomes));
        Assert.Empty(result.Claimed);
        Assert.True(result.MoreRunnable);
        var run = (await db.Store.GetRunAsync(runId))!;
        Assert.Equal((RunStatus.Parked, "out of retries"), (run.Status, run.Error));
        Assert.Equal("0 0 0", await db.ScalarAsync<string>("SELECT concat_ws(' ', pending, state, lease_epoch) FROM queue_tasks WHERE idx = 1"));
    });

    [PostgresFact]
    public Task A_dependent_of_a_run_parked_meanwhile_is_released_but_not_handed_over() => BothAsync(async db =>
    {
        var first = Task("test/put", "parked meanwhile");
        var second = Task("test/put", Ok(first));
        var runId = await db.SubmitAsync(first, second);
        var lease = Assert.Single(await db.Store.WorkQueue.ClaimAsync(Worker, 1, Minute));
        await db.ScalarAsync<int>("UPDATE runs SET status = 3, updated = 0 RETURNING status");

        var result = await db.CompleteAsync(Done(lease, first), new DependentClaim(Worker, 8, Minute));

        Assert.Equal(new CompletionOutcome(true, null), Assert.Single(result.Outcomes));
        Assert.Empty(result.Claimed);
        Assert.True(result.MoreRunnable);
        Assert.Equal(RunStatus.Parked, (await db.Store.GetRunAsync(runId))!.Status);
        Assert.Equal("0 0 0 0", await db.ScalarAsync<string>("SELECT concat_ws(' ', pending, state, lease_epoch, claims) FROM queue_tasks WHERE idx = 1"));
    });

    [PostgresFact]
    public Task An_effect_in_doubt_handed_back_is_runnable_again_and_parks_its_run() => BothAsync(async db =>
    {
        var task = Task("test/put", "in doubt");
        var runId = await db.SubmitAsync(task);
        var lease = Assert.Single(await db.Store.WorkQueue.ClaimAsync(Worker, 1, Minute));

        var result = await db.CompleteAsync(new LeasedCompletion(lease, TaskState.Pending, null, false, 0, TimeSpan.Zero, "effect in doubt"), null);

        Assert.Equal(new CompletionOutcome(true, null), Assert.Single(result.Outcomes));
        var run = (await db.Store.GetRunAsync(runId))!;
        Assert.Equal((RunStatus.Parked, "effect in doubt"), (run.Status, run.Error));
        Assert.Equal("0 1 1", await db.ScalarAsync<string>("SELECT concat_ws(' ', state, claims, lease_epoch, lease_owner, lease_expires) FROM queue_tasks"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT unfinished FROM queue_runs"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM tasks"));
    });

    [PostgresFact]
    public Task Dependents_go_to_the_worker_within_its_ops_and_limit_and_the_rest_stay_runnable() => BothAsync(async db =>
    {
        var root = Task("test/put", "root");
        var other = Task("test/other", Ok(root));
        var a = Task("test/put", Ok(root), "a");
        var b = Task("test/pure", Ok(root), "b");
        var c = Task("test/put", Ok(root), "c");
        var chained = Task("test/put", "chained");
        var foreign = Task("test/other", Ok(chained));
        await db.SubmitAsync(root, other, a, b, c, chained, foreign);
        var leases = await db.Store.WorkQueue.ClaimAsync(Worker, 2, Minute);

        var fanOut = await db.CompleteAsync(Done(leases[0], root), new DependentClaim(Worker, 2, Minute));
        var single = await db.CompleteAsync(Done(leases[1], chained), new DependentClaim(Worker, 2, Minute));
        var unclaimed = await db.CompleteAsync(Done(Assert.Single(await db.Store.WorkQueue.ClaimAsync(Worker, 1, Minute)), c), null);

        Assert.Equal([2, 3], fanOut.Claimed.Select(l => l.Index));
        Assert.Equal([true, false], fanOut.Claimed.Select(l => l.MemoChecked));
        Assert.True(fanOut.MoreRunnable);
        Assert.Empty(single.Claimed);
        Assert.True(single.MoreRunnable);
        Assert.Empty(unclaimed.Claimed);
        Assert.Equal("0 1 1 2 0", await db.ScalarAsync<string>("SELECT string_agg(state::text, ' ' ORDER BY idx) FROM queue_tasks WHERE idx IN (1, 2, 3, 4, 6)"));
    });

    [PostgresFact]
    public async Task The_queue_sends_a_lone_completion_through_the_function_and_a_batch_through_the_statement()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        await QueueDatabase.ExecuteAsync(connectionString, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET track_functions = %L', current_database(), 'pl'); END $$");
        await using var store = await QueueDatabase.OpenAsync(connectionString);
        var tasks = Enumerable.Range(0, 3).Select(i => Task("test/put", "lone", TaskMeta.Empty, i)).ToArray();
        await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow(tasks), Ops);
        var leases = await store.WorkQueue.ClaimAsync(Worker, 3, Minute);

        await store.WorkQueue.CompleteAsync([Done(leases[0], tasks[0]), Done(leases[1], tasks[1])]);
        await store.WorkQueue.CompleteAsync([Done(leases[2], tasks[2])]);

        // Function statistics reach other sessions when the store's connection next goes idle (at most a second).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_user_functions WHERE funcname = 'queue_complete_one'") != 1)
        {
            await System.Threading.Tasks.Task.Delay(100, timeout.Token);
        }
    }

    private static LeasedCompletion Done(TaskLease lease, WorkflowTask task) =>
        new(lease, TaskState.Succeeded, Receipt.For(task, TaskResult.Ok("done")), false, 1, TimeSpan.Zero, null);

    /// <summary>Runs <paramref name="scenario"/> through the function, then through the batch statement, and compares the rows left.</summary>
    private static async Task BothAsync(Func<Database, Task> scenario)
    {
        var rows = new List<string>();
        foreach (var lone in new[] { true, false })
        {
            var (connectionString, store) = await QueueDatabase.CreateAsync();
            await using var _ = store;
            var db = new Database(connectionString, store, lone);
            try
            {
                await scenario(db);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Through the {(lone ? "one-task function" : "batch statement")}: {e.Message}", e);
            }

            rows.Add(await db.RowsAsync());
        }

        Assert.Equal(rows[0], rows[1]);
    }

    /// <summary>A fresh queue database and the completion path a scenario goes through.</summary>
    private sealed record Database(string ConnectionString, PostgresDurableStore Store, bool Lone)
    {
        public async Task<string> SubmitAsync(params WorkflowTask[] tasks) =>
            (await WorkSubmission.SubmitAsync(Store, Store.WorkQueue, new Workflow(tasks), Ops)).RunId;

        public Task<CompletionResult> CompleteAsync(LeasedCompletion completion, DependentClaim? claim) => Lone
            ? LoneCompletionStatement.ExecuteAsync(Store.DataSource, completion, claim, Now, CancellationToken.None)
            : CompletionStatement.ExecuteAsync(Store.DataSource, [completion], claim, Now, CancellationToken.None);

        public Task<T> ScalarAsync<T>(string sql) => PostgresTestDatabase.ScalarAsync<T>(ConnectionString, sql);

        /// <summary>Every row the completions write, without run ids and lease times (which differ between databases).</summary>
        public Task<string> RowsAsync() => ScalarAsync<string>("""
            SELECT concat_ws(E'\n',
                (SELECT string_agg(concat_ws(' ', idx, pending, state, lease_owner, lease_expires IS NULL, lease_epoch, claims, encode(receipt, 'hex')), E'\n' ORDER BY idx) FROM queue_tasks),
                (SELECT string_agg(concat_ws(' ', unfinished, first_error, open), E'\n') FROM queue_runs),
                (SELECT string_agg(concat_ws(' ', status, error, request, CASE WHEN status IN (3, 4, 5) THEN updated END), E'\n') FROM runs),
                (SELECT string_agg(concat_ws(' ', idx, encode(instruction, 'hex'), name, state, replayed, encode(receipt, 'hex'), attempts, duration), E'\n' ORDER BY idx) FROM tasks),
                (SELECT string_agg(concat_ws(' ', encode(cid, 'hex'), encode(instruction, 'hex'), ok, md5(data)), E'\n' ORDER BY seq) FROM receipts))
            """);
    }
}
