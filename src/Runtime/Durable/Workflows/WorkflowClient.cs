using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// The in-process <see cref="IWorkflowClient"/>: runs execute on this host's <see cref="WorkflowRuntime"/>; pause and
/// cancel go through the store, so they also reach a run another host executes.
/// </summary>
public sealed class WorkflowClient : IWorkflowClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly WorkflowRuntime _runtime;
    private readonly IDurableStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Task<WorkflowRunResult>> _executing = new(StringComparer.Ordinal);

    /// <summary>Creates a client for <paramref name="runtime"/>, which runs on <paramref name="engine"/>.</summary>
    public WorkflowClient(WorkflowRuntime runtime, DurableEngine engine)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(engine);
        _runtime = runtime;
        _store = engine.Store;
        _time = engine.Options.TimeProvider;
    }

    /// <inheritdoc />
    public async Task<string> StartAsync(string workflow, IpldValue input, string? runId = null, CancellationToken cancellationToken = default)
    {
        var id = runId ?? RunIds.Create(_time);
        var execution = await _runtime.StartAsync(workflow, input, id, cancellationToken).ConfigureAwait(false);
        _executing[id] = execution;
        return id;
    }

    /// <inheritdoc />
    public async Task<WorkflowRunResult> GetResultAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_executing.TryGetValue(runId, out var local))
        {
            return await local.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"There is no run '{runId}'.");
            if (run.Status is not (RunStatus.Pending or RunStatus.Running))
            {
                return await _runtime.ReadResultAsync(run, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task RaiseEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default) =>
        _runtime.RaiseEventAsync(runId, name, payload, cancellationToken);

    /// <inheritdoc />
    public Task PauseAsync(string runId, CancellationToken cancellationToken = default) =>
        _store.SetRunRequestAsync(runId, RunRequest.Pause, cancellationToken).AsTask();

    /// <inheritdoc />
    public Task ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        Track(runId, () => _runtime.ResumeAsync(runId, cancellationToken: CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelAsync(string runId, CancellationToken cancellationToken = default) =>
        _store.SetRunRequestAsync(runId, RunRequest.Cancel, cancellationToken).AsTask();

    /// <inheritdoc />
    public async Task<WorkflowStatus> GetStatusAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"There is no run '{runId}'.");
        return new WorkflowStatus(run, await _store.GetTasksAsync(runId, cancellationToken).ConfigureAwait(false));
    }

    private void Track(string runId, Func<Task<WorkflowRunResult>> execute) =>
        _executing.AddOrUpdate(runId, _ => Task.Run(execute), (_, running) => running.IsCompleted ? Task.Run(execute) : running);
}
