using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>Workers, claims, heartbeats and hand-backs.</summary>
public sealed partial class PostgresWorkQueue
{
    // Runnable (nothing pending) or leased past expiry, in a running run, with an op and labels the worker has.
    // SKIP LOCKED lets concurrent claimers pass each other's rows instead of queueing behind them. The two kinds are
    // picked by separate plain index scans (queue_tasks_runnable in seq order, queue_tasks_leased by expiry), not
    // one OR: that became a bitmap scan, which never marks the index entries of claimed and finished rows dead, so
    // every poll revisited all of them until the next vacuum (20 ms per empty claim after some 10,000 tasks). Tasks
    // not submitted as pure (effect class 0) come with their memo look-up (ClaimMemo).
    private const string ClaimSql = """
        WITH runnable AS (
            SELECT t.run, t.idx, t.seq FROM queue_tasks t JOIN runs r ON r.id = t.run
            WHERE t.state = 0 AND t.pending = 0 AND r.status = 1 AND t.op = ANY(@ops) AND t.labels <@ @labels
            ORDER BY t.seq
            LIMIT @max
            FOR UPDATE OF t SKIP LOCKED),
        expired AS (
            SELECT t.run, t.idx, t.seq FROM queue_tasks t JOIN runs r ON r.id = t.run
            WHERE t.state = 1 AND t.lease_expires < now() AND r.status = 1 AND t.op = ANY(@ops) AND t.labels <@ @labels
            ORDER BY t.lease_expires
            LIMIT @max
            FOR UPDATE OF t SKIP LOCKED),
        picked AS (
            SELECT run, idx FROM (SELECT * FROM runnable UNION ALL SELECT * FROM expired) u
            ORDER BY seq
            LIMIT @max),
        claimed AS (
            UPDATE queue_tasks t
            SET state = 1, lease_owner = @worker, lease_expires = now() + @lease, lease_epoch = t.lease_epoch + 1, claims = t.claims + 1
            FROM picked p, queue_runs q
            WHERE t.run = p.run AND t.idx = p.idx AND q.run = t.run
            RETURNING t.run, t.idx, t.instruction, q.workflow, t.lease_epoch, t.claims, q.retry_effects, t.effect_class IS DISTINCT FROM 0 AS memo_checked)
        SELECT c.run, c.idx, c.instruction, c.workflow, c.lease_epoch, c.claims, c.retry_effects, c.memo_checked, m.cid, m.data
        FROM claimed c LEFT JOIN LATERAL (
            SELECT r.cid, r.data FROM receipts r WHERE r.ok AND r.instruction = c.instruction ORDER BY r.seq LIMIT 1) m ON c.memo_checked
        """;

    /// <inheritdoc />
    public async ValueTask RegisterAsync(WorkerInfo worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await _retry.RunAsync(
            async (_, ct) =>
            {
                await using var command = _dataSource.CreateCommand("""
                    INSERT INTO workers (id, host, pid, ops, labels) VALUES (@id, @host, @pid, @ops, @labels)
                    ON CONFLICT (id) DO UPDATE SET ops = excluded.ops, labels = excluded.labels, heartbeat_at = now()
                    """);
                command.Parameters.AddWithValue("id", worker.Id);
                command.Parameters.AddWithValue("host", worker.Host);
                command.Parameters.AddWithValue("pid", worker.ProcessId);
                command.Parameters.AddWithValue("ops", worker.Ops.ToArray());
                command.Parameters.AddWithValue("labels", worker.Labels.ToArray());
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(string workerId, CancellationToken cancellationToken = default)
    {
        await _retry.RunAsync(
            async (_, ct) =>
            {
                await using var command = _dataSource.CreateCommand("DELETE FROM workers WHERE id = @id");
                command.Parameters.AddWithValue("id", workerId);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskLease>> ClaimAsync(WorkerInfo worker, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

        // Not retried here: a claim whose answer was lost leaves leases that simply expire; the worker asks again.
        await using var command = _dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("ops", worker.Ops.ToArray());
        command.Parameters.AddWithValue("labels", worker.Labels.ToArray());
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("worker", worker.Id);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.Interval, lease);
        var leases = new List<TaskLease>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var claimed = new TaskLease(reader.GetString(0), reader.GetInt32(1), CidOf(reader, 2), CidOf(reader, 3), reader.GetInt64(4), reader.GetInt32(5), reader.GetBoolean(6));
            leases.Add(ClaimMemo.Attach(claimed, reader, 7));
        }

        return leases;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskLease>> HeartbeatAsync(string workerId, IReadOnlyList<TaskLease> held, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        var lostKeys = await _retry.RunAsync(
            async (_, ct) =>
            {
                // Extends the leases still this worker's; reports those whose epoch moved on (taken over).
                await using var command = _dataSource.CreateCommand("""
                    WITH h AS (SELECT * FROM unnest(@runs::text[], @idxs::int[], @epochs::bigint[]) AS h(run, idx, epoch)),
                    beat AS (UPDATE workers SET heartbeat_at = now() WHERE id = @worker),
                    extended AS (
                        UPDATE queue_tasks t SET lease_expires = now() + @lease
                        FROM h WHERE t.run = h.run AND t.idx = h.idx AND t.lease_epoch = h.epoch AND t.state = 1)
                    SELECT h.run, h.idx FROM h LEFT JOIN queue_tasks t ON t.run = h.run AND t.idx = h.idx
                    WHERE t.lease_epoch IS DISTINCT FROM h.epoch
                    """);
                command.Parameters.AddWithValue("runs", held.Select(l => l.RunId).ToArray());
                command.Parameters.AddWithValue("idxs", held.Select(l => l.Index).ToArray());
                command.Parameters.AddWithValue("epochs", held.Select(l => l.Epoch).ToArray());
                command.Parameters.AddWithValue("worker", workerId);
                command.Parameters.AddWithValue("lease", NpgsqlDbType.Interval, lease);
                var lost = new HashSet<(string, int)>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    lost.Add((reader.GetString(0), reader.GetInt32(1)));
                }

                return lost;
            },
            cancellationToken).ConfigureAwait(false);
        return [.. held.Where(l => lostKeys.Contains((l.RunId, l.Index)))];
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResumeAsync(string runId, bool retryInterruptedEffects, CancellationToken cancellationToken = default)
    {
        return await _retry.RunAsync(
            async (_, ct) =>
            {
                await using var command = _dataSource.CreateCommand("""
                    WITH resumed AS (
                        UPDATE runs SET status = @running, error = NULL, request = 0, updated = @now
                        WHERE id = @run AND status IN (@parked, @paused) AND EXISTS (SELECT 1 FROM queue_runs WHERE run = @run)
                        RETURNING id)
                    UPDATE queue_runs q SET retry_effects = q.retry_effects OR @retry FROM resumed WHERE q.run = resumed.id
                    """);
                command.Parameters.AddWithValue("running", (int)RunStatus.Running);
                command.Parameters.AddWithValue("parked", (int)RunStatus.Parked);
                command.Parameters.AddWithValue("paused", (int)RunStatus.Paused);
                command.Parameters.AddWithValue("now", _time.GetUtcNow().UtcTicks);
                command.Parameters.AddWithValue("run", runId);
                command.Parameters.AddWithValue("retry", retryInterruptedEffects);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
        {
            return;
        }

        await _retry.RunAsync(
            async (_, ct) =>
            {
                await using var command = _dataSource.CreateCommand("""
                    UPDATE queue_tasks t SET state = 0, lease_owner = NULL, lease_expires = NULL, claims = t.claims - 1
                    FROM unnest(@runs::text[], @idxs::int[], @epochs::bigint[]) AS h(run, idx, epoch)
                    WHERE t.run = h.run AND t.idx = h.idx AND t.lease_epoch = h.epoch AND t.state = 1
                    """);
                command.Parameters.AddWithValue("runs", leases.Select(l => l.RunId).ToArray());
                command.Parameters.AddWithValue("idxs", leases.Select(l => l.Index).ToArray());
                command.Parameters.AddWithValue("epochs", leases.Select(l => l.Epoch).ToArray());
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
