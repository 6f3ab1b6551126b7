namespace Ipvm.Durable.Sqlite;

/// <summary>
/// Makes commits durable. The writer commits with <c>synchronous=NORMAL</c>: a transaction is then in the WAL file
/// (readable, and kept through a process crash) but not yet on disk; an fsync of that file, through a handle of our
/// own, makes it and every commit before it durable, as SQLite's own <c>FULL</c> commit would have, without
/// switching the connection's <c>synchronous</c> setting for the transactions that need no fsync (derivable ones).
/// Whoever waits runs the fsync on its own thread unless one is under way, and one fsync answers every commit made
/// before it started (group sync).
/// </summary>
/// <remarks>
/// A failed fsync is final: the kernel may have dropped the dirty pages it could not write, so a later fsync could
/// succeed without them. Every later wait fails with the first error, as PostgreSQL treats a failed fsync.
/// </remarks>
internal sealed class SqliteWalSync(string walPath) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private FileStream? _wal;
    private long _committed;
    private long _durable;
    private bool _syncing;
    private Exception? _failure;

    /// <summary>Commits counted and not yet made durable (for tests).</summary>
    internal long Pending
    {
        get
        {
            lock (_gate)
            {
                return _committed - _durable;
            }
        }
    }

    /// <summary>Counts a commit made without an fsync that must become durable.</summary>
    public void AddCommitted()
    {
        lock (_gate)
        {
            _committed++;
        }
    }

    /// <summary>Completes when every commit counted so far is durable; may run the fsync on the calling thread.</summary>
    public ValueTask WhenDurableAsync()
    {
        long target;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return ValueTask.FromException(_failure);
            }

            target = _committed;
            if (_durable >= target)
            {
                return ValueTask.CompletedTask;
            }

            if (_syncing)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((target, done));
                return new ValueTask(done.Task);
            }

            _syncing = true;
        }

        SyncWhilePending();
        lock (_gate)
        {
            return _failure is null ? ValueTask.CompletedTask : ValueTask.FromException(_failure);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _wal?.Dispose();
            _wal = null;
            _failure ??= new ObjectDisposedException(nameof(SqliteDurableStore));
            FailWaiters();
        }
    }

    private void SyncWhilePending()
    {
        while (true)
        {
            long target;
            FileStream? wal;
            lock (_gate)
            {
                target = _committed;
                if (_durable >= target || _failure is not null)
                {
                    _syncing = false;
                    return;
                }

                wal = _wal;
            }

            try
            {
                // Opened on first use (only the syncing thread gets here): the file exists once a transaction committed into it.
                wal ??= _wal = new FileStream(walPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                wal.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                lock (_gate)
                {
                    _failure ??= new IOException($"The store could not make its log {walPath} durable (fsync failed); writes after the last durable commit may be lost. Restart the process; it resumes from what is durable.", e);
                    _syncing = false;
                    FailWaiters();
                }

                return;
            }

            lock (_gate)
            {
                Advance(target);
            }
        }
    }

    // Under the lock.
    private void Advance(long durable)
    {
        if (durable <= _durable)
        {
            return;
        }

        _durable = durable;
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Target <= durable)
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    // Under the lock.
    private void FailWaiters()
    {
        foreach (var (_, done) in _waiters)
        {
            done.TrySetException(_failure!);
        }

        _waiters.Clear();
    }
}
