using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// Completion: one transaction per batch locks the tasks, drops completions whose epoch moved on (fenced), inserts
/// the others' receipts if absent, writes task records, releases dependents, and ends runs whose last task finished.
/// </summary>
public sealed partial class PostgresWorkQueue
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return [];
        }

        // Retrying is safe: a commit that landed left the tasks at the same epoch but no longer leased, which
        // the next attempt reports as accepted without writing anything again.
        return await _retry.RunAsync((_, ct) => CompleteOnceAsync(completions, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CompletionOutcome>> CompleteOnceAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var locked = await LockAsync(connection, transaction, completions, cancellationToken).ConfigureAwait(false);
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

        if (plan.IsEmpty)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return outcomes;
        }

        var now = _time.GetUtcNow().UtcTicks;
        await plan.WriteAsync(connection, transaction, now, cancellationToken).ConfigureAwait(false);
        var finished = await plan.EndRunsAsync(connection, transaction, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (index, status) in finished)
        {
            outcomes[index] = outcomes[index] with { RunFinished = status };
        }

        return outcomes;
    }

    private static async Task<Dictionary<(string, int), LockedTask>> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken)
    {
        // Rows are locked in key order, so concurrent batches never wait on each other in a cycle.
        await using var command = new NpgsqlCommand(
            """
            SELECT t.run, t.idx, t.state, t.lease_epoch, t.name, t.dependents FROM queue_tasks t
            JOIN unnest(@runs::text[], @idxs::int[]) AS c(run, idx) ON t.run = c.run AND t.idx = c.idx
            ORDER BY t.run, t.idx
            FOR UPDATE OF t
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("runs", completions.Select(c => c.Lease.RunId).ToArray());
        command.Parameters.AddWithValue("idxs", completions.Select(c => c.Lease.Index).ToArray());
        var locked = new Dictionary<(string, int), LockedTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            locked[(reader.GetString(0), reader.GetInt32(1))] = new LockedTask(reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4), reader.GetFieldValue<int[]>(5));
        }

        return locked;
    }

    internal sealed record LockedTask(int State, long Epoch, string Name, int[] Dependents);
}
