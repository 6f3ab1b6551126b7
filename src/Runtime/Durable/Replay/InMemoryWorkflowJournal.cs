using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A workflow journal in memory, for tests and single-process use.</summary>
public sealed class InMemoryWorkflowJournal : IWorkflowJournal
{
    private readonly ConcurrentDictionary<string, Cid> _invocations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, Cid>> _effects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string RunId, string Name), List<IpldValue>> _events = new();

    /// <inheritdoc />
    public ValueTask SaveInvocationAsync(string runId, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        if (_invocations.GetOrAdd(runId, instructionCid) != instructionCid)
        {
            throw new InvalidOperationException($"The run {runId} already executes {_invocations[runId]}.");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<Cid?> GetInvocationAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_invocations.TryGetValue(runId, out var cid) ? cid : null);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<int, Cid>> LoadEffectsAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyDictionary<int, Cid>>(
            _effects.TryGetValue(runId, out var entries) ? new Dictionary<int, Cid>(entries) : new Dictionary<int, Cid>());

    /// <inheritdoc />
    public ValueTask RecordEffectAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        var entries = _effects.GetOrAdd(runId, _ => new ConcurrentDictionary<int, Cid>());
        if (entries.GetOrAdd(position, instructionCid) != instructionCid)
        {
            throw new InvalidOperationException($"The run {runId} already records {entries[position]} at effect position {position}.");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> AppendEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default)
    {
        var events = _events.GetOrAdd((runId, name), _ => []);
        lock (events)
        {
            events.Add(payload);
            return ValueTask.FromResult(events.Count - 1);
        }
    }

    /// <inheritdoc />
    public ValueTask<IpldValue?> GetEventAsync(string runId, string name, int index, CancellationToken cancellationToken = default)
    {
        if (!_events.TryGetValue((runId, name), out var events))
        {
            return ValueTask.FromResult<IpldValue?>(null);
        }

        lock (events)
        {
            return ValueTask.FromResult(index < events.Count ? events[index] : null);
        }
    }
}
