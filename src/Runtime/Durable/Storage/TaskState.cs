namespace Ipvm.Durable;

/// <summary>Where a task stands within a run.</summary>
public enum TaskState
{
    /// <summary>Waiting for what it awaits.</summary>
    Pending,

    /// <summary>Claimed by a worker (recorded durably only for effectful ops).</summary>
    Running,

    /// <summary>Has an ok receipt.</summary>
    Succeeded,

    /// <summary>Has an error receipt.</summary>
    Failed,

    /// <summary>Not run: it awaits an error (<c>await/error</c>) from a task that succeeded.</summary>
    Skipped,
}
