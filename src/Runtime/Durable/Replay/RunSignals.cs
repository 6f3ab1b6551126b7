using System.Collections.Concurrent;

namespace Ipvm.Durable.Replay;

/// <summary>Wakes waits in this process when an event is raised for their run; other processes are found by polling.</summary>
internal sealed class RunSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next <see cref="Pulse"/> for the run.</summary>
    public Task NextAsync(string runId) =>
        _signals.GetOrAdd(runId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Pulse(string runId)
    {
        if (_signals.TryRemove(runId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
