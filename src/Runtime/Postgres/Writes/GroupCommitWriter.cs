using System.Threading.Channels;
using Ipvm.Durable.Postgres.Resilience;
using Npgsql;

namespace Ipvm.Durable.Postgres.Writes;

/// <summary>
/// Group commit: one loop drains the queued writes into a single <see cref="NpgsqlBatch"/>, which PostgreSQL
/// runs as one implicit transaction in one round trip, so completions arriving together share a commit.
/// Transient failures retry the whole group (every statement is idempotent); any other failure reruns the
/// writes one by one so only the faulty one reports it. A group of only derivable writes commits with
/// <c>synchronous_commit</c> off: no WAL flush of its own, since losing it loses nothing a resume cannot
/// compute again (the next flushed commit makes it durable too).
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly RetryPolicy _retry;
    private readonly int _maxBatch;
    private readonly Channel<WriteOp> _queue = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(NpgsqlDataSource dataSource, RetryPolicy retry, int maxBatch)
    {
        _dataSource = dataSource;
        _retry = retry;
        _maxBatch = maxBatch;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues the statements and returns, once committed, what <paramref name="complete"/> makes of their row counts.</summary>
    public Task<object?> WriteAsync(IReadOnlyList<Statement> statements, Func<IReadOnlyList<int>, object?> complete, bool derivable = false)
    {
        var op = new WriteOp(statements, complete, derivable);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(op), this);
        return op.Task;
    }

    /// <summary>Finishes the queued writes, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var group = new List<WriteOp>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxBatch && reader.TryRead(out var op))
            {
                group.Add(op);
            }

            try
            {
                var rows = await CommitAsync(group).ConfigureAwait(false);
                Complete(group, rows);
            }
            catch (Exception e) when (group.Count > 1 && !TransientErrors.IsTransient(e))
            {
                await CommitOneByOneAsync(group).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                group.ForEach(op => op.Fail(e));
            }
        }
    }

    private async Task CommitOneByOneAsync(List<WriteOp> group)
    {
        foreach (var op in group)
        {
            try
            {
                Complete([op], await CommitAsync([op]).ConfigureAwait(false));
            }
            catch (Exception e)
            {
                op.Fail(e);
            }
        }
    }

    private static void Complete(List<WriteOp> group, int[] rows)
    {
        var offset = 0;
        foreach (var op in group)
        {
            op.Succeed(new ArraySegment<int>(rows, offset, op.Statements.Count));
            offset += op.Statements.Count;
        }
    }

    /// <summary>Runs every statement of <paramref name="group"/> in one batch (one transaction), retried as a whole; returns each statement's affected rows.</summary>
    private Task<int[]> CommitAsync(List<WriteOp> group) => _retry.RunAsync(async (_, ct) =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var first = 0;
        if (group.TrueForAll(static op => op.Derivable))
        {
            // Local to the batch's transaction (set_config's is_local), unlike a SET on a pooled connection.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
            first = 1;
        }

        foreach (var statement in group.SelectMany(op => op.Statements))
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            foreach (var value in statement.Values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > first)
        {
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var rows = new int[batch.BatchCommands.Count - first];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = batch.BatchCommands[first + i].RecordsAffected;
        }

        return rows;
    }, CancellationToken.None);
}
