using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// A claim: up to <c>max</c> runnable (nothing pending) or lease-expired tasks of running runs, with an op and labels
/// the worker has, leased to it under a new epoch, each not pure with its memo look-up (<see cref="ClaimMemo"/>).
/// </summary>
/// <remarks>
/// <para>
/// <c>SKIP LOCKED</c> lets concurrent claimers pass each other's rows instead of queueing behind them. The two kinds
/// are picked by separate plain index scans (<c>queue_tasks_runnable</c> in seq order, <c>queue_tasks_leased_until</c> by
/// expiry), not one <c>OR</c>: that became a bitmap scan, which never marks the index entries of claimed and finished
/// rows dead, so every poll revisited all of them until the next vacuum (20 ms per empty claim after some 10,000 tasks).
/// </para>
/// <para>
/// The claim runs with sorts disabled (<see cref="Settings"/>, transaction-local), which leaves the planner one way to
/// produce tasks in seq order: walking <c>queue_tasks_runnable</c> and stopping at <c>max</c>. Left to its statistics,
/// it often believed that few runnable tasks belong to running runs, and then read every task of each running run
/// (a <c>BitmapAnd</c> of the primary key and the whole runnable index) and sorted them, for every claim: 4.5 ms
/// instead of 0.2 ms for 64 of a 2,000-task run, growing with the run (docs/benchmarks.md). The walk passes over
/// runnable tasks of parked or paused runs that come earlier in seq order. Plans are generic
/// (<c>plan_cache_mode</c>), so a connection plans the statement once it is prepared, not on each of its first
/// executions as well. JIT compilation is off: a disabled sort adds a huge constant to the plan's estimated cost
/// (the union of the two kinds still sorts), which would otherwise have every claim compiled by LLVM (about a second).
/// </para>
/// </remarks>
internal static class ClaimStatement
{
    /// <summary>The planner settings the claim runs with, for this transaction only.</summary>
    public const string Settings = "SELECT set_config('enable_sort', 'off', true), set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)";

    /// <summary>The claim itself.</summary>
    public const string Sql = """
        WITH runnable AS (
            SELECT t.run, t.idx, t.seq FROM queue_tasks t JOIN runs r ON r.id = t.run
            WHERE t.state = 0 AND t.pending = 0 AND r.status = 1 AND t.op = ANY($1) AND t.labels <@ $2
            ORDER BY t.seq
            LIMIT $3
            FOR UPDATE OF t SKIP LOCKED),
        expired AS (
            SELECT t.run, t.idx, t.seq FROM queue_tasks t JOIN runs r ON r.id = t.run
            WHERE t.state = 1 AND t.lease_expires < now() AND r.status = 1 AND t.op = ANY($1) AND t.labels <@ $2
            ORDER BY t.lease_expires
            LIMIT $3
            FOR UPDATE OF t SKIP LOCKED),
        picked AS (
            SELECT run, idx FROM (SELECT * FROM runnable UNION ALL SELECT * FROM expired) u
            ORDER BY seq
            LIMIT $3),
        claimed AS (
            UPDATE queue_tasks t
            SET state = 1, lease_owner = $4, lease_expires = now() + $5, lease_epoch = t.lease_epoch + 1, claims = t.claims + 1
            FROM picked p, queue_runs q
            WHERE t.run = p.run AND t.idx = p.idx AND q.run = t.run
            RETURNING t.run, t.idx, t.instruction, q.workflow, t.lease_epoch, t.claims, q.retry_effects, t.effect_class IS DISTINCT FROM 0 AS memo_checked)
        SELECT c.run, c.idx, c.instruction, c.workflow, c.lease_epoch, c.claims, c.retry_effects, c.memo_checked, m.cid, m.data
        FROM claimed c LEFT JOIN LATERAL (
            SELECT r.cid, r.data FROM receipts r WHERE r.ok AND r.instruction = c.instruction ORDER BY r.seq LIMIT 1) m ON c.memo_checked
        """;

    /// <summary>Claims up to <paramref name="max"/> tasks for <paramref name="worker"/>, leased for <paramref name="lease"/>.</summary>
    public static async Task<IReadOnlyList<TaskLease>> ExecuteAsync(NpgsqlDataSource dataSource, WorkerInfo worker, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Settings));
        var command = new NpgsqlBatchCommand(Sql);
        batch.BatchCommands.Add(command);
        Add(command.Parameters, worker, max, lease);
        var leases = new List<TaskLease>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            leases.Add(ClaimMemo.Read(reader, first: 0, memo: 7));
        }

        return leases;
    }

    /// <summary>The claim's parameters, in order: ops, labels, max, worker, lease.</summary>
    public static void Add(NpgsqlParameterCollection parameters, WorkerInfo worker, int max, TimeSpan lease)
    {
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = worker.Ops.ToArray() });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = worker.Labels.ToArray() });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = max });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = worker.Id });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Interval, Value = lease });
    }
}
