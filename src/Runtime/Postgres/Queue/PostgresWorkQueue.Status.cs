using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Postgres;

/// <summary>Reads: what a task awaits, and which runnable tasks no live worker can run.</summary>
public sealed partial class PostgresWorkQueue
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<Cid, AwaitedTask>> GetAwaitedAsync(string runId, IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCids);
        return await _retry.RunAsync(
            async (_, ct) =>
            {
                await using var command = _dataSource.CreateCommand("""
                    SELECT t.instruction, t.state, r.cid, r.data FROM queue_tasks t LEFT JOIN receipts r ON r.cid = t.receipt
                    WHERE t.run = @run AND t.instruction = ANY(@cids)
                    """);
                command.Parameters.AddWithValue("run", runId);
                command.Parameters.AddWithValue("cids", instructionCids.Select(c => c.Bytes.ToArray()).ToArray());
                var found = new Dictionary<Cid, AwaitedTask>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    // Decoding checks the bytes against the CID: a corrupt receipt fails the task's worker, not its result.
                    var receipt = reader.IsDBNull(2) ? null : Receipt.Decode(reader.GetFieldValue<byte[]>(3), CidOf(reader, 2));
                    found[CidOf(reader, 0)] = new AwaitedTask((TaskState)reader.GetInt32(1), receipt);
                }

                return (IReadOnlyDictionary<Cid, AwaitedTask>)found;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WaitingTask>> FindWaitingAsync(string? runId, TimeSpan liveness, CancellationToken cancellationToken = default)
    {
        return await _retry.RunAsync(
            async (_, ct) =>
            {
                // Runnable and expired tasks are found by two plain index scans, as the claim does (ClaimStatement), not one OR:
                // that became a bitmap scan, which revisits the index entries of every task finished since the last vacuum.
                // Each arm keeps its first 1,000 by seq, so the union's first 1,000 are the ones the OR form returned.
                await using var command = _dataSource.CreateCommand("""
                    WITH live AS (SELECT ops, labels FROM workers WHERE heartbeat_at > now() - @liveness),
                    runnable AS (
                        SELECT t.seq, t.run, t.idx, t.instruction, t.op, t.labels FROM queue_tasks t JOIN runs r ON r.id = t.run
                        WHERE t.state = 0 AND t.pending = 0 AND r.status = 1 AND (@run::text IS NULL OR t.run = @run)
                          AND NOT EXISTS (SELECT 1 FROM live w WHERE t.op = ANY(w.ops) AND t.labels <@ w.labels)
                        ORDER BY t.seq
                        LIMIT 1000),
                    expired AS (
                        SELECT t.seq, t.run, t.idx, t.instruction, t.op, t.labels FROM queue_tasks t JOIN runs r ON r.id = t.run
                        WHERE t.state = 1 AND t.lease_expires < now() AND r.status = 1 AND (@run::text IS NULL OR t.run = @run)
                          AND NOT EXISTS (SELECT 1 FROM live w WHERE t.op = ANY(w.ops) AND t.labels <@ w.labels)
                        ORDER BY t.seq
                        LIMIT 1000)
                    SELECT run, idx, instruction, op, labels FROM (SELECT * FROM runnable UNION ALL SELECT * FROM expired) u
                    ORDER BY seq
                    LIMIT 1000
                    """);
                command.Parameters.AddWithValue("run", NpgsqlTypes.NpgsqlDbType.Text, (object?)runId ?? DBNull.Value);
                command.Parameters.AddWithValue("liveness", NpgsqlTypes.NpgsqlDbType.Interval, liveness);
                var waiting = new List<WaitingTask>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    waiting.Add(new WaitingTask(reader.GetString(0), reader.GetInt32(1), CidOf(reader, 2), reader.GetString(3), reader.GetFieldValue<string[]>(4)));
                }

                return (IReadOnlyList<WaitingTask>)waiting;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
