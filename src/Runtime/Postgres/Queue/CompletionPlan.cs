using Ipvm.Durable.Ipld;
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

    /// <summary>
    /// Every write, the release (and claim) of dependents, the run counts and the COMMIT, sent as one batch: one round
    /// trip however many tables it touches. Returns which completion ended which run, and the dependents claimed.
    /// </summary>
    public async Task<Written> WriteAndCommitAsync(NpgsqlConnection connection, DependentClaim? claim, long now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
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

        if (_runs.Count > 0)
        {
            // Counts finished tasks off their runs; a run reaching zero gets its final status here, once. Only a
            // running run ends: one parked meanwhile (or by the statement above) stays parked, as in process.
            Add(
                batch,
                """
                WITH d AS (SELECT * FROM unnest(@runs::text[], @ns::int[], @errors::text[]) AS d(run, n, error)),
                counted AS (
                    UPDATE queue_runs q SET unfinished = q.unfinished - d.n, first_error = coalesce(q.first_error, d.error), open = q.unfinished - d.n > 0
                    FROM d WHERE q.run = d.run
                    RETURNING q.run, q.unfinished, q.first_error)
                UPDATE runs r SET status = CASE WHEN c.first_error IS NULL THEN @completed ELSE @failed END, error = c.first_error, updated = @now, request = 0
                FROM counted c WHERE r.id = c.run AND c.unfinished = 0 AND r.status = @running
                RETURNING r.id AS ended_run, r.status
                """,
                new("runs", _runs.Keys.ToArray()),
                new("ns", _runs.Values.Select(v => v.Count).ToArray()),
                new("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _runs.Values.Select(v => v.Error).ToArray() },
                new("completed", (int)RunStatus.Completed),
                new("failed", (int)RunStatus.Failed),
                new("now", now),
                new("running", (int)RunStatus.Running));
        }

        if (_released.Count > 0)
        {
            // A dependent reaching zero is runnable; those the worker can run (op, labels, within its limit, run still
            // running) are claimed in the same statement with a raised epoch, exactly as ClaimSql would. Only a
            // dependent this release takes to zero is picked, so no other worker can hold it: it was not runnable.
            Add(
                batch,
                """
                WITH d AS (SELECT * FROM unnest(@runs::text[], @idxs::int[], @ns::int[]) AS d(run, idx, n)),
                picked AS (
                    SELECT t.run, t.idx FROM queue_tasks t JOIN d ON t.run = d.run AND t.idx = d.idx JOIN runs r ON r.id = t.run
                    WHERE t.state = 0 AND t.pending = d.n AND r.status = 1 AND t.op = ANY(@ops) AND t.labels <@ @labels
                    ORDER BY t.seq
                    LIMIT @max),
                released AS (
                    UPDATE queue_tasks t SET
                        pending = t.pending - d.n,
                        state = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN 1 ELSE t.state END,
                        lease_owner = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN @worker ELSE t.lease_owner END,
                        lease_expires = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN now() + @lease ELSE t.lease_expires END,
                        lease_epoch = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN t.lease_epoch + 1 ELSE t.lease_epoch END,
                        claims = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN t.claims + 1 ELSE t.claims END
                    FROM d LEFT JOIN picked p ON p.run = d.run AND p.idx = d.idx
                    WHERE t.run = d.run AND t.idx = d.idx
                    RETURNING t.run, t.idx, t.instruction, t.lease_epoch, t.claims, t.state, t.pending, p.idx IS NOT NULL AS picked)
                SELECT rel.run AS released_run, rel.idx, rel.instruction, q.workflow, rel.lease_epoch, rel.claims, q.retry_effects, rel.picked AND rel.state = 1 AS claimed
                FROM released rel JOIN queue_runs q ON q.run = rel.run
                WHERE rel.pending = 0 AND (rel.state = 0 OR rel.picked)
                """,
                new("runs", _released.Keys.Select(k => k.Run).ToArray()),
                new("idxs", _released.Keys.Select(k => k.Idx).ToArray()),
                new("ns", _released.Values.ToArray()),
                new("ops", claim?.Worker.Ops.ToArray() ?? []),
                new("labels", claim?.Worker.Labels.ToArray() ?? []),
                new("max", claim?.Max ?? 0),
                new("worker", NpgsqlDbType.Text) { Value = (object?)claim?.Worker.Id ?? DBNull.Value },
                new("lease", NpgsqlDbType.Interval) { Value = claim?.Lease ?? TimeSpan.Zero });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        var written = new Written();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                var ended = reader.GetName(0) == "ended_run";
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (ended)
                    {
                        var run = reader.GetString(0);
                        written.Ended.Add((_runs[run].Last, (RunStatus)reader.GetInt32(1)));
                    }
                    else if (reader.GetBoolean(7))
                    {
                        written.Claimed.Add(new TaskLease(
                            reader.GetString(0),
                            reader.GetInt32(1),
                            Cid.FromBytes(reader.GetFieldValue<byte[]>(2)),
                            Cid.FromBytes(reader.GetFieldValue<byte[]>(3)),
                            reader.GetInt64(4),
                            reader.GetInt32(5),
                            reader.GetBoolean(6)));
                    }
                    else
                    {
                        written.MoreRunnable = true;
                    }
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        // The claims count only once the COMMIT above has been answered: reading to the end of the batch waited for it.
        return written;
    }

    /// <summary>What the batch did beyond its writes.</summary>
    internal sealed class Written
    {
        /// <summary>Which completion (by index) ended which run, and how.</summary>
        public List<(int Index, RunStatus Status)> Ended { get; } = [];

        /// <summary>Dependents claimed for the worker.</summary>
        public List<TaskLease> Claimed { get; } = [];

        /// <summary>Dependents made runnable but not claimed.</summary>
        public bool MoreRunnable { get; set; }
    }

    private static void Add(NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }
}
