namespace Ipvm.Durable;

/// <summary>A request to a live run from outside it (another process, the CLI).</summary>
public enum RunRequest
{
    /// <summary>Nothing asked.</summary>
    None,

    /// <summary>Stop starting tasks, let running ones finish, then mark the run paused.</summary>
    Pause,

    /// <summary>Cancel running tasks and mark the run cancelled.</summary>
    Cancel,
}
