using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>Workers, claims, heartbeats and hand-backs.</summary>
public sealed partial class PostgresWorkQueue
{
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
        return await ClaimStatement.ExecuteAsync(_dataSource, worker, max, lease, cancellationToken).ConfigureAwait(false);
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
