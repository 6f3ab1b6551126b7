using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// A batch of completions as one statement, so one round trip and one (implicit) transaction: lock the tasks in key
/// order, keep only completions whose epoch is the row's (the rest are fenced and write nothing), insert their
/// receipts if absent, upsert task records, mark the tasks finished (or handed back), park runs, count finished
/// tasks off their runs and end those reaching zero, release dependents, and claim those the worker asked for (each
/// not pure with its memo look-up, <see cref="ClaimMemo"/>).
/// </summary>
/// <remarks>
/// Every step is a data-modifying CTE fed by the locked rows; no two of them touch the same row (a dependent is
/// never a running task), which is what lets them share one snapshot. Values that other transactions may change
/// meanwhile (a run's unfinished count, a dependent's pending count) are recomputed by PostgreSQL on the row's
/// newest version when the update waits for its lock, so a dependent is claimed only if this release takes it to
/// zero: nobody else can hold it then, since it was not runnable before.
/// </remarks>
internal static class CompletionStatement
{
    private const string Settings = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";

    private const string UnsyncedSettings = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('synchronous_commit', 'off', true)";

    private const string Sql = """
        WITH c AS (
            SELECT * FROM unnest(@runs::text[], @idxs::int[], @epochs::bigint[], @instructions::bytea[], @states::int[], @replayed::boolean[],
                                 @receipts::bytea[], @attempts::int[], @durations::bigint[], @parks::text[], @cid_texts::text[], @failures::text[])
                WITH ORDINALITY AS c(run, idx, epoch, instruction, state, replayed, receipt, attempts, duration, park, cid_text, failure, ord)),
        locked AS (
            SELECT t.run, t.idx, t.state, t.lease_epoch, t.name, t.dependents FROM queue_tasks t
            JOIN c ON t.run = c.run AND t.idx = c.idx
            ORDER BY t.run, t.idx
            FOR UPDATE OF t),
        accepted AS (
            SELECT c.*, l.name, l.dependents, l.state = 1 AS live FROM c JOIN locked l ON l.run = c.run AND l.idx = c.idx
            WHERE l.lease_epoch = c.epoch),
        w AS (SELECT * FROM accepted WHERE live),
        fin AS (SELECT * FROM w WHERE state <> 0),
        stored_receipts AS (
            INSERT INTO receipts (cid, instruction, ok, data)
            SELECT r.cid, r.instruction, r.ok, r.data
            FROM unnest(@receipt_cids::bytea[], @receipt_instructions::bytea[], @receipt_oks::boolean[], @receipt_data::bytea[]) AS r(cid, instruction, ok, data)
            WHERE r.cid IN (SELECT receipt FROM fin WHERE NOT replayed)
            ORDER BY r.cid
            ON CONFLICT (cid) DO NOTHING),
        records AS (
            INSERT INTO tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration)
            SELECT run, idx, instruction, name, state, replayed, receipt, attempts, duration FROM fin
            ON CONFLICT (run, idx) DO UPDATE SET instruction = excluded.instruction, name = excluded.name, state = excluded.state,
                replayed = excluded.replayed, receipt = excluded.receipt, attempts = excluded.attempts, duration = excluded.duration),
        marked AS (
            -- Finished: state and receipt. Handed back (an effect in doubt, state 0): runnable again, its claims count
            -- remembering it was interrupted, while its run parks.
            UPDATE queue_tasks t SET state = w.state, receipt = CASE WHEN w.state = 0 THEN t.receipt ELSE w.receipt END,
                lease_owner = CASE WHEN w.state = 0 THEN NULL ELSE t.lease_owner END, lease_expires = NULL
            FROM w WHERE t.run = w.run AND t.idx = w.idx),
        counts AS (
            SELECT run, count(*)::int AS n, max(ord) AS last,
                   (array_agg(format('task %s (%s, %s) failed: %s', idx, name, cid_text, failure) ORDER BY ord) FILTER (WHERE state = @failed))[1] AS error
            FROM fin GROUP BY run),
        counted AS (
            UPDATE queue_runs q SET unfinished = q.unfinished - k.n, first_error = coalesce(q.first_error, k.error), open = q.unfinished - k.n > 0
            FROM counts k WHERE q.run = k.run
            RETURNING q.run, q.unfinished, q.first_error),
        parks AS (SELECT DISTINCT ON (run) run, park FROM w WHERE park IS NOT NULL ORDER BY run, ord),
        settled AS (
            -- A run parks, or ends when its last task finished (exactly once: the queue_runs row's lock orders the
            -- completions of a run); only a running run changes, so one parked meanwhile stays parked, as in process.
            UPDATE runs r SET
                status = CASE WHEN p.run IS NOT NULL THEN @parked WHEN e.first_error IS NULL THEN @completed ELSE @failed_run END,
                error = CASE WHEN p.run IS NOT NULL THEN p.park ELSE e.first_error END,
                updated = @now,
                request = CASE WHEN p.run IS NOT NULL THEN r.request ELSE 0 END
            FROM (SELECT run FROM parks UNION SELECT run FROM counted WHERE unfinished = 0) u
                LEFT JOIN parks p ON p.run = u.run
                LEFT JOIN counted e ON e.run = u.run
            WHERE r.id = u.run AND r.status = @running
            RETURNING r.id, r.status, p.run IS NULL AS ended),
        released AS (
            SELECT f.run, d.idx, count(*)::int AS n FROM fin f CROSS JOIN LATERAL unnest(f.dependents) AS d(idx) GROUP BY f.run, d.idx),
        picked AS (
            SELECT t.run, t.idx FROM queue_tasks t JOIN released d ON t.run = d.run AND t.idx = d.idx JOIN runs r ON r.id = t.run
            WHERE t.state = 0 AND t.pending = d.n AND r.status = @running AND t.op = ANY(@ops) AND t.labels <@ @labels
              AND NOT EXISTS (SELECT 1 FROM parks p WHERE p.run = t.run)
            ORDER BY t.seq
            LIMIT @max),
        freed AS (
            UPDATE queue_tasks t SET
                pending = t.pending - d.n,
                state = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN 1 ELSE t.state END,
                lease_owner = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN @worker ELSE t.lease_owner END,
                lease_expires = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN now() + @lease ELSE t.lease_expires END,
                lease_epoch = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN t.lease_epoch + 1 ELSE t.lease_epoch END,
                claims = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN t.claims + 1 ELSE t.claims END
            FROM released d LEFT JOIN picked p ON p.run = d.run AND p.idx = d.idx
            WHERE t.run = d.run AND t.idx = d.idx
            RETURNING t.run, t.idx, t.instruction, t.lease_epoch, t.claims, t.state, t.pending, p.idx IS NOT NULL AS picked, t.effect_class)
        SELECT 0 AS kind, c.ord::int AS ord, a.ord IS NOT NULL AS flag, NULL::text AS run, 0 AS idx, NULL::bytea AS instruction,
               NULL::bytea AS workflow, 0::bigint AS epoch, 0 AS claims, false AS retry_effects, 0 AS status,
               false AS memo_checked, NULL::bytea AS memo_cid, NULL::bytea AS memo_data
        FROM c LEFT JOIN accepted a ON a.ord = c.ord
        UNION ALL
        SELECT 1, k.last::int, true, s.id, 0, NULL, NULL, 0, 0, false, s.status, false, NULL, NULL
        FROM settled s JOIN counts k ON k.run = s.id WHERE s.ended
        UNION ALL
        SELECT 2, 0, f.picked AND f.state = 1, f.run, f.idx, f.instruction, q.workflow, f.lease_epoch, f.claims, q.retry_effects, 0,
               f.picked AND f.effect_class IS DISTINCT FROM 0, m.cid, m.data
        FROM freed f JOIN queue_runs q ON q.run = f.run
            -- A claimed dependent not submitted as pure comes with its memo look-up (ClaimMemo): no round trip before it runs.
            LEFT JOIN LATERAL (SELECT r.cid, r.data FROM receipts r WHERE r.ok AND r.instruction = f.instruction ORDER BY r.seq LIMIT 1) m
                ON f.picked AND f.effect_class IS DISTINCT FROM 0
        WHERE f.pending = 0 AND (f.state = 0 OR f.picked)
        """;

    /// <summary>Runs the statement for <paramref name="completions"/>; <paramref name="claim"/> null claims nothing.</summary>
    public static async Task<CompletionResult> ExecuteAsync(NpgsqlDataSource dataSource, IReadOnlyList<LeasedCompletion> completions, DependentClaim? claim, long now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();

        // A generic plan: planned once a connection has prepared the statement, not on each of its first five
        // executions too (about 5 ms each: a quarter of the statement's server time in a short run of the bench). Only
        // pure results, which a lost commit merely recomputes, commit without waiting for the log flush
        // (transaction-local; the next synchronous commit, or the WAL writer within moments, flushes it, in order).
        batch.BatchCommands.Add(new NpgsqlBatchCommand(completions.All(static c => c.Recomputable) ? UnsyncedSettings : Settings));
        var command = new NpgsqlBatchCommand(Sql);
        batch.BatchCommands.Add(command);
        var p = command.Parameters;
        p.AddWithValue("runs", completions.Select(c => c.Lease.RunId).ToArray());
        p.AddWithValue("idxs", completions.Select(c => c.Lease.Index).ToArray());
        p.AddWithValue("epochs", completions.Select(c => c.Lease.Epoch).ToArray());
        p.AddWithValue("instructions", completions.Select(c => c.Lease.InstructionCid.Bytes.ToArray()).ToArray());
        p.AddWithValue("states", completions.Select(c => (int)c.State).ToArray());
        p.AddWithValue("replayed", completions.Select(c => c.Replayed).ToArray());
        p.Add(new NpgsqlParameter("receipts", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = completions.Select(c => c.Receipt?.Cid.Bytes.ToArray()).ToArray() });
        p.AddWithValue("attempts", completions.Select(c => c.Attempts).ToArray());
        p.AddWithValue("durations", completions.Select(c => c.Duration.Ticks).ToArray());
        p.Add(new NpgsqlParameter("parks", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = completions.Select(c => c.Park).ToArray() });
        p.AddWithValue("cid_texts", completions.Select(c => c.Lease.InstructionCid.ToString()).ToArray());
        p.Add(new NpgsqlParameter("failures", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = completions.Select(c => c.State == TaskState.Failed ? c.Receipt?.Out.Describe() ?? string.Empty : null).ToArray(),
        });
        var receipts = completions
            .Where(c => c.Receipt is not null && !c.Replayed)
            .Select(c => c.Receipt!)
            .DistinctBy(r => r.Cid)
            .ToArray();
        p.AddWithValue("receipt_cids", receipts.Select(r => r.Cid.Bytes.ToArray()).ToArray());
        p.Add(new NpgsqlParameter("receipt_instructions", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = receipts.Select(r => r.InstructionCid?.Bytes.ToArray()).ToArray() });
        p.AddWithValue("receipt_oks", receipts.Select(r => r.Out.IsOk).ToArray());
        p.AddWithValue("receipt_data", receipts.Select(r => r.ToBytes()).ToArray());
        p.AddWithValue("failed", (int)TaskState.Failed);
        p.AddWithValue("parked", (int)RunStatus.Parked);
        p.AddWithValue("completed", (int)RunStatus.Completed);
        p.AddWithValue("failed_run", (int)RunStatus.Failed);
        p.AddWithValue("running", (int)RunStatus.Running);
        p.AddWithValue("now", now);
        p.AddWithValue("ops", claim?.Worker.Ops.ToArray() ?? []);
        p.AddWithValue("labels", claim?.Worker.Labels.ToArray() ?? []);
        p.AddWithValue("max", claim?.Max ?? 0);
        p.Add(new NpgsqlParameter("worker", NpgsqlDbType.Text) { Value = (object?)claim?.Worker.Id ?? DBNull.Value });
        p.AddWithValue("lease", NpgsqlDbType.Interval, claim?.Lease ?? TimeSpan.Zero);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);

        return await CompletionRows.ReadAsync(reader, completions.Count, cancellationToken).ConfigureAwait(false);
    }
}
