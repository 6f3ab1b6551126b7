namespace Ipvm.Durable.Sqlite;

/// <summary>One queued write; the writer loop runs many in one transaction and then completes them.</summary>
/// <param name="action">The write.</param>
/// <param name="derivable">
/// True for a write the store could lose to an OS crash without losing information, because it can be derived
/// again from what is durable (a run's Completed status, a workflow's own receipt): a transaction of only such
/// writes commits without its own fsync and is made durable by the next synced commit or checkpoint.
/// </param>
internal sealed class SqliteWriteOp(Func<SqliteWriter, object?> action, bool derivable = false)
{
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object? _result;

    public Task<object?> Task => _done.Task;

    public bool Derivable => derivable;

    /// <summary>Queued without its caller waiting for it (<see cref="SqliteWriteQueue.TryWriteLazily"/>); set by the queue.</summary>
    public bool Lazy { get; private set; }

    public void MarkLazy() => Lazy = true;

    public void Execute(SqliteWriter writer) => _result = action(writer);

    public void Succeed() => _done.TrySetResult(_result);

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
