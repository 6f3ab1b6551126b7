namespace Ipvm.Durable;

/// <summary>
/// A live run. Tasks may be added while it runs (<see cref="SubmitAsync(WorkflowTask, CancellationToken)"/>),
/// which is how workflow code discovers its DAG one call at a time.
/// </summary>
public interface IRunHandle : IAsyncDisposable
{
    /// <summary>The run id.</summary>
    string RunId { get; }

    /// <summary>Finishes when the run completes, fails, is parked, paused or cancelled.</summary>
    Task<RunResult> Completion { get; }

    /// <summary>
    /// Adds a task (or finds the same instruction already in the run) and returns its receipt once it has one.
    /// Completes synchronously when the instruction already has a receipt in memory or a synchronous store.
    /// Throws <see cref="WorkflowValidationException"/> when it awaits an instruction that is neither in the
    /// run nor in the store, and <see cref="TaskSkippedException"/> when it was skipped.
    /// </summary>
    ValueTask<Receipt> SubmitAsync(WorkflowTask task, CancellationToken cancellationToken = default);

    /// <summary>Adds an instruction with <paramref name="meta"/> limits; see <see cref="SubmitAsync(WorkflowTask, CancellationToken)"/>.</summary>
    ValueTask<Receipt> SubmitAsync(Instruction instruction, TaskMeta? meta = null, CancellationToken cancellationToken = default);

    /// <summary>Says no more tasks will be submitted: the run ends once the ones it has are done.</summary>
    void CompleteSubmissions();

    /// <summary>Stops starting tasks; the run ends Paused once running tasks finish.</summary>
    void Pause();

    /// <summary>Cancels running tasks; the run ends Cancelled.</summary>
    void Cancel();
}
