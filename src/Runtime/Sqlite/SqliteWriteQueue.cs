using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The one writer connection's queue (group commit): whoever drains it runs everything queued in one transaction,
/// and writes that arrive during a commit share the next. A drain normally runs on a thread-pool thread; a caller
/// that would only block waiting for its fsync anyway may commit on its own thread when nobody is draining, which
/// saves the two thread hand-offs (to the writer and back) that otherwise come with every commit.
/// </summary>
internal sealed class SqliteWriteQueue(SqliteWriter writer, SqliteWalSync walSync, bool syncing, int maxBatch)
{
    private readonly Lock _gate = new();
    private readonly Queue<SqliteWriteOp> _queue = new();
    private readonly List<SqliteWriteOp> _batch = [];
    private bool _draining;
    private bool _closed;
    private TaskCompletionSource? _drained;

    /// <summary>Queues <paramref name="op"/>; with <paramref name="onCallerThread"/>, commits it before returning unless a drain is under way.</summary>
    public Task<object?> Write(SqliteWriteOp op, bool onCallerThread)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(SqliteDurableStore));
            _queue.Enqueue(op);
            if (_draining)
            {
                return op.Task;
            }

            _draining = true;
        }

        if (onCallerThread)
        {
            // One batch here (this write and whatever queued with it); later arrivals go to the pool.
            DrainOneBatch();
            ContinueOrStop(handOff: true);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.DrainAll(), this, preferLocal: false);
        }

        return op.Task;
    }

    /// <summary>Refuses new writes and waits until those queued are committed.</summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            _closed = true;
            if (!_draining)
            {
                return Task.CompletedTask;
            }

            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private void DrainAll()
    {
        do
        {
            DrainOneBatch();
        }
        while (ContinueOrStop(handOff: false));
    }

    /// <summary>After a batch: true when more is queued and this thread goes on; otherwise stops draining (or hands off).</summary>
    private bool ContinueOrStop(bool handOff)
    {
        TaskCompletionSource? drained;
        lock (_gate)
        {
            if (_queue.Count > 0)
            {
                if (!handOff)
                {
                    return true;
                }

                ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.DrainAll(), this, preferLocal: false);
                return false;
            }

            _draining = false;
            drained = _drained;
        }

        drained?.TrySetResult();
        return false;
    }

    private void DrainOneBatch()
    {
        lock (_gate)
        {
            while (_batch.Count < maxBatch && _queue.TryDequeue(out var op))
            {
                _batch.Add(op);
            }
        }

        try
        {
            Complete(_batch, RunInTransaction(_batch));
        }
        catch (SqliteException)
        {
            // One write failed: run each alone so only that one reports the error.
            var committed = new List<SqliteWriteOp>(_batch.Count);
            var synced = false;
            foreach (var op in _batch)
            {
                try
                {
                    synced |= RunInTransaction([op]);
                    committed.Add(op);
                }
                catch (Exception e)
                {
                    op.Fail(e);
                }
            }

            Complete(committed, synced);
        }
        catch (Exception e)
        {
            foreach (var op in _batch)
            {
                op.Fail(e);
            }
        }
        finally
        {
            _batch.Clear();
        }
    }

    /// <summary>Commits <paramref name="batch"/>; true when the commit must be fsynced before its writes complete.</summary>
    private bool RunInTransaction(List<SqliteWriteOp> batch)
    {
        writer.Begin();
        try
        {
            foreach (var op in batch)
            {
                op.Execute(writer);
            }

            writer.Commit();
        }
        catch
        {
            writer.RollbackIfOpen();
            throw;
        }

        // The writer commits with synchronous=NORMAL: the commit is in the WAL, and walSync's fsync makes it durable
        // (a derivable write needs none of its own: the WAL keeps commits in order, so the next fsync covers it).
        if (!syncing || batch.TrueForAll(static op => op.Derivable))
        {
            return false;
        }

        walSync.AddCommitted();
        return true;
    }

    /// <summary>
    /// Completes committed writes; those of a commit that must be fsynced complete after walSync's fsync, which runs on
    /// this thread unless another thread's is under way.
    /// </summary>
    private void Complete(List<SqliteWriteOp> committed, bool synced)
    {
        if (!synced)
        {
            SucceedAll(committed);
            return;
        }

        Complete(committed, walSync.WhenDurableAsync());
    }

    private static void Complete(List<SqliteWriteOp> committed, ValueTask durable)
    {
        if (durable.IsCompletedSuccessfully)
        {
            SucceedAll(committed);
            return;
        }

        // The caller clears its list: the ops complete later from a copy.
        _ = CompleteAsync([.. committed], durable.AsTask());
    }

    private static async Task CompleteAsync(List<SqliteWriteOp> ops, Task durable)
    {
        try
        {
            await durable.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var op in ops)
            {
                op.Fail(e);
            }

            return;
        }

        SucceedAll(ops);
    }

    private static void SucceedAll(List<SqliteWriteOp> ops)
    {
        foreach (var op in ops)
        {
            op.Succeed();
        }
    }
}
