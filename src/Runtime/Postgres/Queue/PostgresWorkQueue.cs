using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Resilience;
using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// The work queue on PostgreSQL (tables from migration 0002_work_queue): workers on any number of machines
/// claim runnable tasks with <c>FOR UPDATE SKIP LOCKED</c>, hold them under leases fenced by an epoch, and
/// commit each receipt, the task's progress and its dependents' release in one transaction. It shares the
/// store's tables for runs, task records and receipts, so <c>ipvm status</c> and memo look-ups see its work.
/// </summary>
public sealed partial class PostgresWorkQueue : IWorkQueue
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;

    internal PostgresWorkQueue(NpgsqlDataSource dataSource, RetryPolicy retry, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _retry = retry;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<SubmittedRun> SubmitAsync(QueuedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return await _retry.RunAsync((_, ct) => SubmitOnceAsync(run, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubmittedRun> SubmitOnceAsync(QueuedRun run, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                var unfinished = run.Tasks.Count(t => t.Memo is null);
                var status = unfinished == 0 ? RunStatus.Completed : RunStatus.Running;
                var ticks = run.CreatedAt.UtcTicks;
                await using (var insertRun = new NpgsqlCommand(
                    "INSERT INTO runs (id, status, workflow, name, created, updated, request, error) VALUES (@id, @status, @workflow, @name, @at, @at, 0, NULL)",
                    connection,
                    transaction))
                {
                    insertRun.Parameters.AddWithValue("id", run.RunId);
                    insertRun.Parameters.AddWithValue("status", (int)status);
                    insertRun.Parameters.AddWithValue("workflow", run.WorkflowCid.Bytes.ToArray());
                    insertRun.Parameters.AddWithValue("name", (object?)run.Name ?? DBNull.Value);
                    insertRun.Parameters.AddWithValue("at", ticks);
                    await insertRun.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // A concurrent submission of the same workflow waits here on the unique index until the first commits,
                // then inserts nothing: it rolls back and joins the open run.
                bool created;
                await using (var insertQueued = new NpgsqlCommand(
                    """
                    INSERT INTO queue_runs (run, workflow, unfinished, retry_effects, open) VALUES (@id, @workflow, @unfinished, @retry, @open)
                    ON CONFLICT (workflow) WHERE open DO NOTHING
                    """,
                    connection,
                    transaction))
                {
                    insertQueued.Parameters.AddWithValue("id", run.RunId);
                    insertQueued.Parameters.AddWithValue("workflow", run.WorkflowCid.Bytes.ToArray());
                    insertQueued.Parameters.AddWithValue("unfinished", unfinished);
                    insertQueued.Parameters.AddWithValue("retry", run.RetryInterruptedEffects);
                    insertQueued.Parameters.AddWithValue("open", unfinished > 0);
                    created = await insertQueued.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                }

                if (created)
                {
                    await CopyTasksAsync(connection, run, cancellationToken).ConfigureAwait(false);
                    await CopyReplaysAsync(connection, run, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return new SubmittedRun(run.RunId, Created: true);
                }

                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var select = new NpgsqlCommand("SELECT run FROM queue_runs WHERE workflow = @workflow AND open", connection);
            select.Parameters.AddWithValue("workflow", run.WorkflowCid.Bytes.ToArray());
            if (await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string existing)
            {
                return new SubmittedRun(existing, Created: false);
            }

            // The open run finished between the conflict and the look-up: submit again.
        }
    }

    private static async Task CopyTasksAsync(NpgsqlConnection connection, QueuedRun run, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY queue_tasks (run, idx, instruction, name, op, labels, effect_class, dependents, pending, state, receipt) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        foreach (var task in run.Tasks)
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(run.RunId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Index, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.InstructionCid.Bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Op, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Labels.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            if (task.EffectClass is { } effectClass)
            {
                await writer.WriteAsync((int)effectClass, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteAsync(task.Dependents.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.PendingDependencies, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync((int)(task.Memo is null ? TaskState.Pending : TaskState.Succeeded), NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            if (task.Memo is { } memo)
            {
                await writer.WriteAsync(memo.Cid.Bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tasks finished at submission (memo hits) get their records in the store's task table, as replays.</summary>
    private static async Task CopyReplaysAsync(NpgsqlConnection connection, QueuedRun run, CancellationToken cancellationToken)
    {
        if (!run.Tasks.Any(t => t.Memo is not null))
        {
            return;
        }

        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        foreach (var task in run.Tasks.Where(t => t.Memo is not null))
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(run.RunId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Index, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.InstructionCid.Bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync((int)TaskState.Succeeded, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(task.Memo!.Cid.Bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Cid CidOf(NpgsqlDataReader reader, int ordinal) => Cid.FromBytes(reader.GetFieldValue<byte[]>(ordinal));
}
