using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// Completion: one transaction per batch, in two round trips. The first begins it and locks the tasks; the client
/// drops completions whose epoch moved on (fenced). The second inserts the others' receipts if absent, writes task
/// records, releases dependents (claiming those the worker asked for), ends runs whose last task finished, and commits.
/// </summary>
public sealed partial class PostgresWorkQueue
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default) =>
        (await CompleteCoreAsync(completions, null, cancellationToken).ConfigureAwait(false)).Outcomes;

    /// <inheritdoc />
    public async ValueTask<CompletionResult> CompleteAndClaimAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNegative(claim.Max);
        return await CompleteCoreAsync(completions, claim, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CompletionResult> CompleteCoreAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return new CompletionResult([], [], false);
        }

        // Retrying is safe: a commit that landed left the tasks at the same epoch but no longer leased, which
        // the next attempt reports as accepted without writing anything again. Dependents that the landed commit
        // claimed for the worker are not handed over again: like a claim whose answer was lost, their leases expire.
        return await _retry.RunAsync((_, ct) => CompleteOnceAsync(completions, claim, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<CompletionResult> CompleteOnceAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim? claim, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // BEGIN and COMMIT travel as statements of the two batches rather than as round trips of their own. A
        // failure leaves the transaction open or aborted; the pool rolls it back when the connection returns.
        var locked = await LockAsync(connection, completions, cancellationToken).ConfigureAwait(false);
        var outcomes = new CompletionOutcome[completions.Count];
        var plan = new CompletionPlan();
        for (var i = 0; i < completions.Count; i++)
        {
            var c = completions[i];
            if (!locked.TryGetValue((c.Lease.RunId, c.Lease.Index), out var row) || row.Epoch != c.Lease.Epoch)
            {
                outcomes[i] = new CompletionOutcome(false, null);
            }
            else if (row.State != (int)TaskState.Running)
            {
                outcomes[i] = new CompletionOutcome(true, null);
            }
            else
            {
                outcomes[i] = new CompletionOutcome(true, null);
                plan.Add(i, c, row);
            }
        }

        var written = await plan.WriteAndCommitAsync(connection, claim, _time.GetUtcNow().UtcTicks, cancellationToken).ConfigureAwait(false);
        foreach (var (index, status) in written.Ended)
        {
            outcomes[index] = outcomes[index] with { RunFinished = status };
        }

        return new CompletionResult(outcomes, written.Claimed, written.MoreRunnable);
    }

    private static async Task<Dictionary<(string, int), LockedTask>> LockAsync(NpgsqlConnection connection, IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken)
    {
        // Rows are locked in key order, so concurrent batches never wait on each other in a cycle.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        var select = new NpgsqlBatchCommand(
            """
            SELECT t.run, t.idx, t.state, t.lease_epoch, t.name, t.dependents FROM queue_tasks t
            JOIN unnest(@runs::text[], @idxs::int[]) AS c(run, idx) ON t.run = c.run AND t.idx = c.idx
            ORDER BY t.run, t.idx
            FOR UPDATE OF t
            """);
        select.Parameters.AddWithValue("runs", completions.Select(c => c.Lease.RunId).ToArray());
        select.Parameters.AddWithValue("idxs", completions.Select(c => c.Lease.Index).ToArray());
        batch.BatchCommands.Add(select);
        var locked = new Dictionary<(string, int), LockedTask>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            locked[(reader.GetString(0), reader.GetInt32(1))] = new LockedTask(reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4), reader.GetFieldValue<int[]>(5));
        }

        return locked;
    }

    internal sealed record LockedTask(int State, long Epoch, string Name, int[] Dependents);
}
