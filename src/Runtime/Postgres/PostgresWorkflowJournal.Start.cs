using Ipvm.Durable.Ipld;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>Starting a workflow run: invocation block, journal entry and run record.</summary>
public sealed partial class PostgresWorkflowJournal
{
    /// <inheritdoc />
    /// <remarks>
    /// On the store this journal was opened on, the three writes commit in one transaction (one WAL flush);
    /// on any other store they are written one after the other.
    /// </remarks>
    public async ValueTask StartRunAsync(IDurableStore store, RunRecord run, Cid invocationCid, ReadOnlyMemory<byte> invocationBlock, CancellationToken cancellationToken = default)
    {
        if (!ReferenceEquals(store, _store))
        {
            await WorkflowRunStart.InOrderAsync(this, store, run, invocationCid, invocationBlock, cancellationToken).ConfigureAwait(false);
            return;
        }

        WorkflowRunStart.Check(store, run, invocationCid, invocationBlock);

        var block = invocationBlock.ToArray();
        await _retry.RunAsync((attempt, ct) => StartRunOnceAsync(run, invocationCid, block, attempt, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt; idempotent, so a retry after a lost commit acknowledgement finds its own rows and succeeds.</summary>
    private async Task<bool> StartRunOnceAsync(RunRecord run, Cid invocationCid, byte[] block, int attempt, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insertBlock = Command(connection, "INSERT INTO blocks (cid, data) VALUES ($1, $2) ON CONFLICT (cid) DO NOTHING", invocationCid.Bytes.ToArray(), block))
        {
            await insertBlock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var save = Command(connection, "INSERT INTO workflow_invocations (run_id, invocation) VALUES ($1, $2) ON CONFLICT (run_id) DO UPDATE SET run_id = EXCLUDED.run_id RETURNING invocation", run.RunId, invocationCid.Bytes.ToArray()))
        {
            if (await save.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] saved && !saved.AsSpan().SequenceEqual(invocationCid.Bytes))
            {
                throw new InvalidOperationException($"The run {run.RunId} already executes {Cid.FromBytes(saved)}.");
            }
        }

        await using (var insertRun = Command(
            connection,
            "INSERT INTO runs (id, status, workflow, name, created, updated, request, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            run.RunId, (int)run.Status, Nullable(run.WorkflowCid?.Bytes.ToArray()), Nullable(run.Name), run.CreatedAt.UtcTicks, run.UpdatedAt.UtcTicks, (int)run.Request, Nullable(run.Error)))
        {
            if (await insertRun.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0 && !(attempt > 1 && await StoredRunAsync(connection, run.RunId, cancellationToken).ConfigureAwait(false) == run))
            {
                throw new InvalidOperationException($"A run with id '{run.RunId}' exists already.");
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<RunRecord?> StoredRunAsync(NpgsqlConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT id, status, workflow, name, created, updated, request, error FROM runs WHERE id = $1", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? PostgresDurableStore.ReadRun(reader) : null;
    }

    private static object Nullable(object? value) => value ?? DBNull.Value;
}
