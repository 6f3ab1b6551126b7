namespace Ipvm.Durable;

/// <summary>
/// Runs and their per-task progress. The boundary a multi-worker store fences is
/// <see cref="ClaimTaskAsync"/> (a worker takes a task) and <see cref="CompleteTasksAsync"/> (receipts and
/// progress commit together).
/// </summary>
public interface IRunStore
{
    /// <summary>Creates a run; throws when the id exists.</summary>
    ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>The run, or null.</summary>
    ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every run, oldest first.</summary>
    ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the status and error, clearing any request the new status answers; after every earlier completion.</summary>
    ValueTask SetRunStatusAsync(string runId, RunStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a pause or cancel request for the process running the run.</summary>
    ValueTask SetRunRequestAsync(string runId, RunRequest request, CancellationToken cancellationToken = default);

    /// <summary>The task records of a run, by index.</summary>
    ValueTask<IReadOnlyList<TaskRecord>> GetTasksAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a worker started a task (durably, before it runs). The engine calls it for effectful ops,
    /// so an interrupted effectful task is found on resume and the run parked instead of repeating the effect.
    /// </summary>
    ValueTask ClaimTaskAsync(string runId, TaskRecord running, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts each completion's receipt if absent and writes its task record, atomically. Completions that
    /// arrive together may share one transaction (group commit); the call returns once they are durable.
    /// </summary>
    ValueTask CompleteTasksAsync(string runId, IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last completions of a run and its final status: <see cref="CompleteTasksAsync"/>, then
    /// <see cref="SetRunStatusAsync"/>. A store that can commits both in one transaction, which saves a run's
    /// end a commit; either way the status is never recorded without the completions.
    /// </summary>
    async ValueTask CompleteRunAsync(string runId, IReadOnlyList<TaskCompletion> completions, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await CompleteTasksAsync(runId, completions, cancellationToken).ConfigureAwait(false);
        await SetRunStatusAsync(runId, status, null, at, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes when every write committed so far is durable. A store's writes may be readable before they are
    /// durable (SQLite's, between the commit and its WAL fsync), though each call returns only once its own are; the
    /// engine awaits this before an idempotent or effectful task starts, so no effect runs on another run's receipt
    /// that an OS crash could still take back. By default, at once.
    /// </summary>
    ValueTask WhenDurableAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
