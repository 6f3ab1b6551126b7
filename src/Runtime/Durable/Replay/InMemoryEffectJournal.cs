using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>An effect journal in memory, for tests and single-process use.</summary>
public sealed class InMemoryEffectJournal : IEffectJournal
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, Cid>> _runs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<int, Cid>> LoadAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyDictionary<int, Cid>>(
            _runs.TryGetValue(runId, out var entries) ? new Dictionary<int, Cid>(entries) : new Dictionary<int, Cid>());

    /// <inheritdoc />
    public ValueTask RecordAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        var entries = _runs.GetOrAdd(runId, _ => new ConcurrentDictionary<int, Cid>());
        if (!entries.TryAdd(position, instructionCid) && entries[position] != instructionCid)
        {
            throw new InvalidOperationException($"The run {runId} already records {entries[position]} at effect position {position}.");
        }

        return ValueTask.CompletedTask;
    }
}
