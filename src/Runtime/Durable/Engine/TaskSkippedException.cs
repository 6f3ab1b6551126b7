namespace Ipvm.Durable;

/// <summary>The awaited task was skipped: it awaits an error (<c>await/error</c>) from a task that succeeded.</summary>
public sealed class TaskSkippedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskSkippedException(string message)
        : base(message)
    {
    }
}
