namespace Ipvm.Durable.Postgres.Writes;

/// <summary>
/// One queued write: idempotent statements (so the whole group can be retried after a lost commit
/// acknowledgement) and what to make of their affected-row counts once committed.
/// </summary>
internal sealed class WriteOp(IReadOnlyList<Statement> statements, Func<IReadOnlyList<int>, object?> complete, bool derivable)
{
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Statement> Statements => statements;

    /// <summary>True when everything written follows from what is already durable (<see cref="TaskCompletion.Derivable"/>).</summary>
    public bool Derivable => derivable;

    public Task<object?> Task => _done.Task;

    /// <summary>Completes the caller with the result computed from the rows each statement affected (or its exception).</summary>
    public void Succeed(IReadOnlyList<int> rowsAffected)
    {
        try
        {
            _done.TrySetResult(complete(rowsAffected));
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
        }
    }

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
