namespace Ipvm.Durable.Sqlite;

/// <summary>One queued write; the writer loop runs many in one transaction and then completes them.</summary>
internal sealed class SqliteWriteOp(Func<SqliteWriter, object?> action)
{
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object? _result;

    public Task<object?> Task => _done.Task;

    public void Execute(SqliteWriter writer) => _result = action(writer);

    public void Succeed() => _done.TrySetResult(_result);

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
