namespace Ipvm.Durable;

/// <summary>Where a run stands. Completed, Failed and Cancelled are final.</summary>
public enum RunStatus
{
    /// <summary>Created, not started.</summary>
    Pending,

    /// <summary>Tasks are being scheduled.</summary>
    Running,

    /// <summary>Stopped on request; resume continues it.</summary>
    Paused,

    /// <summary>Stopped because a task exhausted its retries (or an effectful task failed); resume retries it.</summary>
    Parked,

    /// <summary>Every task succeeded (or was skipped by an <c>await/error</c> that had no error to take).</summary>
    Completed,

    /// <summary>At least one task has an error receipt.</summary>
    Failed,

    /// <summary>Stopped on request for good.</summary>
    Cancelled,
}
