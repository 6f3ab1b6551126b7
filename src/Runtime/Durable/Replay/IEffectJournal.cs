using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Each run's journal of effectful calls: position (how many effectful calls came before) → instruction CID.
/// An entry is written durably before the effect starts, so replayed code that asks for a different effect at a
/// recorded position is caught before anything new happens.
/// </summary>
public interface IEffectJournal
{
    /// <summary>The run's recorded effects by position.</summary>
    ValueTask<IReadOnlyDictionary<int, Cid>> LoadAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Records the effect at <paramref name="position"/>; a position is written once and never changes.</summary>
    ValueTask RecordAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default);
}
