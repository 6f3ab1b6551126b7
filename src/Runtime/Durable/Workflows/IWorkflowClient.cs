using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Starts workflow runs and talks to them: results, events, pause, resume, cancel and status.</summary>
public interface IWorkflowClient
{
    /// <summary>Starts a run of <paramref name="workflow"/> in the background and returns its id at once.</summary>
    Task<string> StartAsync(string workflow, IpldValue input, string? runId = null, CancellationToken cancellationToken = default);

    /// <summary>Waits for the run to stop (complete, fail, park, pause or be cancelled) and returns how it ended.</summary>
    Task<WorkflowRunResult> GetResultAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Raises an event for the run's <see cref="WorkflowContext.WaitForEvent{T}"/>.</summary>
    Task RaiseEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default);

    /// <summary>Asks the run to pause: no new task starts; running ones finish.</summary>
    Task PauseAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused, parked or interrupted run in the background.</summary>
    Task ResumeAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the run: running tasks are signalled to stop.</summary>
    Task CancelAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The run's status and the state and receipt of each call it made.</summary>
    Task<WorkflowStatus> GetStatusAsync(string runId, CancellationToken cancellationToken = default);
}
