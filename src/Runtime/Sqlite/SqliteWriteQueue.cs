using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The one writer connection's queue (group commit): whoever drains it runs everything queued in one transaction,
/// and writes that arrive during a commit share the next. A drain normally runs on a thread-pool thread; a caller
/// that would only block waiting for its fsync anyway may commit on its own thread when nobody is draining, which
/// saves the two thread hand-offs (to the writer and back) that otherwise come with every commit.
/// </summary>
/// <remarks>
/// A lazy write (<see cref="TryWriteLazily"/>) is derivable and nobody waits for it: it waits in the queue for the next
/// transaction, or for <see cref="LazyDelay"/>, so a run's last commit costs its caller nothing and shares the next
/// run's transaction. Reads first call <see cref="CommitLazyWrites"/>, so this process never reads around one.
/// </remarks>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    /// <summary>
    /// How long a lazy write waits at most for another write to ride with before it commits on its own (10 ms; tests
    /// set it; zero turns lazy writes off, for comparisons). The timer is armed when a lazy write finds it idle, so
    /// under a steady stream of runs it fires at most once per delay, not once per run.
    /// </summary>
    public TimeSpan LazyDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    private readonly SqliteWriter _writer;
    private readonly SqliteWalSync _walSync;
    private readonly bool _syncing;
    private readonly int _maxBatch;
    private readonly Lock _gate = new();
    private readonly Queue<SqliteWriteOp> _queue = new();
    private readonly List<SqliteWriteOp> _batch = [];
    private readonly Timer _lazyTimer;
    private int _lazyQueued;
    private TaskCompletionSource? _lazyCommitted;
    private bool _lazyTimerArmed;
    private bool _draining;
    private bool _closed;
    private TaskCompletionSource? _drained;

    public SqliteWriteQueue(SqliteWriter writer, SqliteWalSync walSync, bool syncing, int maxBatch)
    {
        (_writer, _walSync, _syncing, _maxBatch) = (writer, walSync, syncing, maxBatch);
        _lazyTimer = new Timer(static queue => ((SqliteWriteQueue)queue!).OnLazyDelay(), this, Timeout.Infinite, Timeout.Infinite);
    }

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

    /// <summary>
    /// Queues a derivable write that nobody will wait for, when the writer is idle: it then commits with the next
    /// transaction, or on a pool thread after <see cref="LazyDelay"/> if none comes, and its task reports the outcome
    /// (for logging). False, and nothing queued, while a drain is under way (a busy store: the write would only make
    /// readers wait for that drain) or when lazy writes are off.
    /// </summary>
    public bool TryWriteLazily(SqliteWriteOp op)
    {
        bool arm;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(SqliteDurableStore));
            if (_draining || LazyDelay == TimeSpan.Zero || !op.Derivable)
            {
                return false;
            }

            op.MarkLazy();
            _queue.Enqueue(op);
            _lazyQueued++;
            _lazyCommitted ??= new TaskCompletionSource();
            arm = !_lazyTimerArmed;
            _lazyTimerArmed = true;
        }

        if (arm)
        {
            _lazyTimer.Change(LazyDelay, Timeout.InfiniteTimeSpan);
        }

        return true;
    }

    /// <summary>
    /// Returns once every lazy write queued so far is committed (readable), committing them on this thread when the
    /// writer is idle. Free when none is queued.
    /// </summary>
    public void CommitLazyWrites()
    {
        if (Volatile.Read(ref _lazyQueued) == 0)
        {
            return;
        }

        Task? committed;
        lock (_gate)
        {
            if (_lazyQueued == 0)
            {
                return;
            }

            // A drain under way takes them in order: wait for it (Task.Wait, so the pool adds a thread if it must).
            committed = _draining ? _lazyCommitted!.Task : null;
            _draining = true;
        }

        if (committed is not null)
        {
            committed.Wait();
            return;
        }

        do
        {
            DrainOneBatch();
        }
        while (LazyLeft());
        ContinueOrStop(handOff: true);
    }

    /// <summary>Refuses new writes and waits until those queued (lazy ones too) are committed.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            _closed = true;
            if (!_draining && _queue.Count > 0)
            {
                _draining = true;
                ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.DrainAll(), this, preferLocal: false);
            }

            if (_draining)
            {
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _drained.Task;
            }
            else
            {
                drained = Task.CompletedTask;
            }
        }

        await drained.ConfigureAwait(false);
        await _lazyTimer.DisposeAsync().ConfigureAwait(false);
    }

    private bool LazyLeft()
    {
        lock (_gate)
        {
            return _lazyQueued > 0 && _queue.Count > 0;
        }
    }

    /// <summary>No write came for a lazy one to ride with: commit it on this (pool) thread unless a drain is under way.</summary>
    private void OnLazyDelay()
    {
        lock (_gate)
        {
            _lazyTimerArmed = false;
            if (_draining || _queue.Count == 0)
            {
                return;
            }

            _draining = true;
        }

        DrainAll();
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
        var lazy = 0;
        lock (_gate)
        {
            while (_batch.Count < _maxBatch && _queue.TryDequeue(out var op))
            {
                _batch.Add(op);
                lazy += op.Lazy ? 1 : 0;
            }
        }

        try
        {
            var synced = RunInTransaction(_batch);

            // Readable now: readers waiting for a lazy write need not wait for the fsync too.
            LazyCommitted(lazy);
            lazy = 0;
            Complete(_batch, synced);
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
            LazyCommitted(lazy);
            _batch.Clear();
        }
    }

    /// <summary>
    /// Counts off the lazy writes of a transaction that has ended (committed, or failed: then there is nothing to
    /// wait for), and wakes readers waiting in <see cref="CommitLazyWrites"/> when none is left.
    /// </summary>
    private void LazyCommitted(int count)
    {
        if (count == 0)
        {
            return;
        }

        TaskCompletionSource? committed;
        lock (_gate)
        {
            _lazyQueued -= count;
            if (_lazyQueued > 0)
            {
                return;
            }

            committed = _lazyCommitted;
            _lazyCommitted = null;
        }

        // The timer stays armed: it fires once and finds nothing to do, cheaper than re-arming it for every run.
        committed?.TrySetResult();
    }

    /// <summary>Commits <paramref name="batch"/>; true when the commit must be fsynced before its writes complete.</summary>
    private bool RunInTransaction(List<SqliteWriteOp> batch)
    {
        _writer.Begin();
        try
        {
            foreach (var op in batch)
            {
                op.Execute(_writer);
            }

            _writer.Commit();
        }
        catch
        {
            _writer.RollbackIfOpen();
            throw;
        }

        // The writer commits with synchronous=NORMAL: the commit is in the WAL, and walSync's fsync makes it durable
        // (a derivable write needs none of its own: the WAL keeps commits in order, so the next fsync covers it).
        if (!_syncing || batch.TrueForAll(static op => op.Derivable))
        {
            return false;
        }

        _walSync.AddCommitted();
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

        Complete(committed, _walSync.WhenDurableAsync());
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
