using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>The writes of one completion batch, gathered first so each table is touched by one set-based statement.</summary>
internal sealed class CompletionPlan
{
    private readonly List<(int Index, LeasedCompletion Completion, PostgresWorkQueue.LockedTask Row)> _finished = [];
    private readonly List<LeasedCompletion> _handedBack = [];
    private readonly SortedDictionary<(string Run, int Idx), int> _released = [];
    private readonly SortedDictionary<string, (int Count, string? Error, int Last)> _runs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _parks = new(StringComparer.Ordinal);

    public bool IsEmpty => _finished.Count == 0 && _handedBack.Count == 0;

    public void Add(int index, LeasedCompletion completion, PostgresWorkQueue.LockedTask row)
    {
        var runId = completion.Lease.RunId;
        if (completion.Park is { } park)
        {
            _parks.TryAdd(runId, park);
        }

        if (completion.State == TaskState.Pending)
        {
            _handedBack.Add(completion);
            return;
        }

        _finished.Add((index, completion, row));
        foreach (var dependent in row.Dependents)
        {
            _released[(runId, dependent)] = _released.GetValueOrDefault((runId, dependent)) + 1;
        }

        var (count, error, _) = _runs.GetValueOrDefault(runId);
        if (error is null && completion.State == TaskState.Failed)
        {
            error = $"task {completion.Lease.Index} ({row.Name}, {completion.Lease.InstructionCid}) failed: {completion.Receipt?.Out.Describe()}";
        }

        _runs[runId] = (count + 1, error, index);
    }

    /// <summary>Every write but the run counts, sent as one batch: one round trip however many tables it touches.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var receipts = _finished
            .Where(f => f.Completion.Receipt is not null && !f.Completion.Replayed)
            .Select(f => f.Completion.Receipt!)
            .DistinctBy(r => r.Cid)
            .OrderBy(r => r.Cid)
            .ToArray();
        if (receipts.Length > 0)
        {
            Add(
                batch,
                """
                INSERT INTO receipts (cid, instruction, ok, data)
                SELECT * FROM unnest(@cids::bytea[], @instructions::bytea[], @oks::boolean[], @data::bytea[])
                ON CONFLICT (cid) DO NOTHING
                """,
                new("cids", receipts.Select(r => r.Cid.Bytes.ToArray()).ToArray()),
                new("instructions", receipts.Select(r => r.InstructionCid?.Bytes.ToArray()).ToArray()),
                new("oks", receipts.Select(r => r.Out.IsOk).ToArray()),
                new("data", receipts.Select(r => r.ToBytes()).ToArray()));
        }

        if (_finished.Count > 0)
        {
            var rows = _finished.Select(f => f.Completion).ToArray();
            Add(
                batch,
                """
                INSERT INTO tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration)
                SELECT * FROM unnest(@runs::text[], @idxs::int[], @instructions::bytea[], @names::text[], @states::int[], @replayed::boolean[], @receipts::bytea[], @attempts::int[], @durations::bigint[])
                ON CONFLICT (run, idx) DO UPDATE SET instruction = excluded.instruction, name = excluded.name, state = excluded.state,
                    replayed = excluded.replayed, receipt = excluded.receipt, attempts = excluded.attempts, duration = excluded.duration
                """,
                new("runs", rows.Select(c => c.Lease.RunId).ToArray()),
                new("idxs", rows.Select(c => c.Lease.Index).ToArray()),
                new("instructions", rows.Select(c => c.Lease.InstructionCid.Bytes.ToArray()).ToArray()),
                new("names", _finished.Select(f => f.Row.Name).ToArray()),
                new("states", rows.Select(c => (int)c.State).ToArray()),
                new("replayed", rows.Select(c => c.Replayed).ToArray()),
                new("receipts", rows.Select(c => c.Receipt?.Cid.Bytes.ToArray()).ToArray()),
                new("attempts", rows.Select(c => c.Attempts).ToArray()),
                new("durations", rows.Select(c => c.Duration.Ticks).ToArray()));
            Add(
                batch,
                """
                UPDATE queue_tasks t SET state = c.state, receipt = c.receipt, lease_expires = NULL
                FROM unnest(@runs::text[], @idxs::int[], @states::int[], @receipts::bytea[]) AS c(run, idx, state, receipt)
                WHERE t.run = c.run AND t.idx = c.idx
                """,
                new("runs", rows.Select(c => c.Lease.RunId).ToArray()),
                new("idxs", rows.Select(c => c.Lease.Index).ToArray()),
                new("states", rows.Select(c => (int)c.State).ToArray()),
                new("receipts", rows.Select(c => c.Receipt?.Cid.Bytes.ToArray()).ToArray()));
        }

        if (_handedBack.Count > 0)
        {
            // An effect in doubt: runnable again (its claims count remembers it was interrupted) but its run parks.
            Add(
                batch,
                """
                UPDATE queue_tasks t SET state = 0, lease_owner = NULL, lease_expires = NULL
                FROM unnest(@runs::text[], @idxs::int[]) AS c(run, idx) WHERE t.run = c.run AND t.idx = c.idx
                """,
                new("runs", _handedBack.Select(c => c.Lease.RunId).ToArray()),
                new("idxs", _handedBack.Select(c => c.Lease.Index).ToArray()));
        }

        if (_released.Count > 0)
        {
            Add(
                batch,
                """
                UPDATE queue_tasks t SET pending = t.pending - d.n
                FROM unnest(@runs::text[], @idxs::int[], @ns::int[]) AS d(run, idx, n) WHERE t.run = d.run AND t.idx = d.idx
                """,
                new("runs", _released.Keys.Select(k => k.Run).ToArray()),
                new("idxs", _released.Keys.Select(k => k.Idx).ToArray()),
                new("ns", _released.Values.ToArray()));
        }

        foreach (var (runId, why) in _parks)
        {
            Add(
                batch,
                "UPDATE runs SET status = @parked, error = @why, updated = @now WHERE id = @run AND status = @running",
                new("parked", (int)RunStatus.Parked),
                new("why", why),
                new("now", now),
                new("run", runId),
                new("running", (int)RunStatus.Running));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts finished tasks off their runs; a run reaching zero gets its final status here, once. Returns which completion ended which run.</summary>
    public async Task<List<(int Index, RunStatus Status)>> EndRunsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long now, CancellationToken cancellationToken)
    {
        var ended = new List<(int, RunStatus)>();
        if (_runs.Count == 0)
        {
            return ended;
        }

        var done = new List<(string Run, string? Error)>();
        await using (var command = new NpgsqlCommand(
            """
            UPDATE queue_runs q SET unfinished = q.unfinished - d.n, first_error = coalesce(q.first_error, d.error), open = q.unfinished - d.n > 0
            FROM unnest(@runs::text[], @ns::int[], @errors::text[]) AS d(run, n, error) WHERE q.run = d.run
            RETURNING q.run, q.unfinished, q.first_error
            """,
            connection,
            transaction))
        {
            command.Parameters.Add(new NpgsqlParameter("runs", _runs.Keys.ToArray()));
            command.Parameters.Add(new NpgsqlParameter("ns", _runs.Values.Select(v => v.Count).ToArray()));
            command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _runs.Values.Select(v => v.Error).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetInt32(1) == 0)
                {
                    done.Add((reader.GetString(0), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }
        }

        foreach (var (runId, error) in done)
        {
            var status = error is null ? RunStatus.Completed : RunStatus.Failed;

            // Only a running run ends here: a run parked meanwhile stays parked, as in process.
            var changed = await ExecuteAsync(
                connection,
                transaction,
                "UPDATE runs SET status = @status, error = @error, updated = @now, request = 0 WHERE id = @run AND status = @running",
                cancellationToken,
                new("status", (int)status),
                new("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value },
                new("now", now),
                new("run", runId),
                new("running", (int)RunStatus.Running)).ConfigureAwait(false);
            if (changed == 1)
            {
                ended.Add((_runs[runId].Last, status));
            }
        }

        return ended;
    }

    private static void Add(NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
