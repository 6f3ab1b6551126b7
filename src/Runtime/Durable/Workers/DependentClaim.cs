namespace Ipvm.Durable;

/// <summary>
/// A worker's request, sent with its completions, to be handed the dependents they make runnable: the queue claims
/// them for <paramref name="Worker"/> in the completion's own transaction, so the next step of a chain needs no
/// claim round trip of its own.
/// </summary>
/// <param name="Worker">The worker to claim for; only dependents whose op and labels it has are claimed.</param>
/// <param name="Max">The most dependents to claim (the worker's free concurrency); 0 claims none.</param>
/// <param name="Lease">How long the new leases hold, as for <see cref="IWorkQueue.ClaimAsync"/>.</param>
public sealed record DependentClaim(WorkerInfo Worker, int Max, TimeSpan Lease);
