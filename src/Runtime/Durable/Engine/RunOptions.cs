namespace Ipvm.Durable;

/// <summary>Settings for one run.</summary>
public sealed class RunOptions
{
    /// <summary>The run id; generated when null.</summary>
    public string? RunId { get; init; }

    /// <summary>Called (on a worker thread) when a task starts or finishes; keep it quick.</summary>
    public Action<TaskEvent>? OnTaskEvent { get; init; }

    /// <summary>
    /// On resume, run again an effectful task that was interrupted after it started (its effect may have
    /// happened). Without it such a run is parked.
    /// </summary>
    public bool RetryInterruptedEffects { get; init; }
}
