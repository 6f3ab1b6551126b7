namespace Ipvm.Durable;

/// <summary>
/// Workflow code did something replay cannot reproduce: it awaited a task that did not come from the
/// <see cref="WorkflowContext"/> (a <c>Task.Delay</c>, an <c>HttpClient</c> call, <c>Task.Run</c>), or touched the
/// context from another thread (after <c>ConfigureAwait(false)</c>). The message names what was awaited and where.
/// </summary>
public sealed class NonDeterminismException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterminismException(string message)
        : base(message)
    {
    }
}
