namespace Ipvm.Durable.Sqlite;

/// <summary>One queued write; the writer loop runs many in one transaction and then completes them.</summary>
/// <param name="action">The write.</param>
/// <param name="derivable">
/// True for a write the store could lose to an OS crash without losing information, because it can be derived
/// again from what is durable (a run's Completed status, a workflow's own receipt): a transaction of only such
/// writes commits without its own fsync and is made durable by the next synced commit or checkpoint.
/// </param>
/// <param name="lazy">
/// True for a derivable write its caller does not wait for (a run's last commit): it rides with the next transaction
/// (see <see cref="SqliteWriteQueue.WriteLazily"/>).
/// </param>
internal sealed class SqliteWriteOp(Func<SqliteWriter, object?> action, bool derivable = false, bool lazy = false)
{
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object? _result;

    public Task<object?> Task => _done.Task;

    public bool Derivable => derivable || lazy;

    public bool Lazy => lazy;

    public void Execute(SqliteWriter writer) => _result = action(writer);

    public void Succeed() => _done.TrySetResult(_result);

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
