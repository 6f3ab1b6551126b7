using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Group commit without a commit thread: the task whose completion finds no commit in flight makes the commit itself,
/// taking along every completion queued meanwhile, and the dependents that commit makes runnable come back claimed
/// for this worker. The committing task keeps one to run next; the others start on the thread pool.
/// </summary>
public sealed partial class DurableWorker
{
    private const int MaxCommitBatch = 256;

    /// <summary>
    /// Commits completions. Each completion brings its task's concurrency slot; after the commit, each slot either runs
    /// a dependent the commit claimed for this worker or is released, so handed-over work never exceeds
    /// <see cref="DurableWorkerOptions.Concurrency"/>.
    /// </summary>
    private sealed class CompletionBatcher(DurableWorker worker, SemaphoreSlim slots, ConcurrentDictionary<Task, byte> running, CancellationToken stopping)
    {
        private readonly ConcurrentQueue<(LeasedCompletion Completion, TaskCompletionSource<CompletionOutcome?> Done)> _pending = new();
        private int _committing;
        private volatile bool _completed;

        /// <summary>A lease a commit handed to the task that made it, with the awaited results already in hand.</summary>
        public sealed record HandedOver(Held Held, IReadOnlyDictionary<Cid, AwaitedTask>? Known);

        /// <summary>
        /// The queue's verdict once durable (null if the worker stopped before it could be committed), and a dependent
        /// for the caller to run next when the caller made the commit. Takes over the caller's slot.
        /// </summary>
        public async Task<(CompletionOutcome? Outcome, HandedOver? Next)> CommitAsync(LeasedCompletion completion)
        {
            if (_completed)
            {
                slots.Release();
                return (null, null);
            }

            var done = new TaskCompletionSource<CompletionOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Enqueue((completion, done));
            HandedOver? next = null;

            // Whoever takes the flag commits what is queued; before letting go it looks again, so a completion queued
            // while the flag was held is never left waiting for a committer.
            while (!_pending.IsEmpty && Interlocked.CompareExchange(ref _committing, 1, 0) == 0)
            {
                try
                {
                    var kept = await CommitQueuedAsync(keep: next is null).ConfigureAwait(false);
                    next ??= kept;
                }
                finally
                {
                    Interlocked.Exchange(ref _committing, 0);
                }
            }

            return (await done.Task.ConfigureAwait(false), next);
        }

        public void Complete() => _completed = true;

        /// <summary>One commit of up to <see cref="MaxCommitBatch"/> queued completions; returns the dependent kept for the caller.</summary>
        private async Task<HandedOver?> CommitQueuedAsync(bool keep)
        {
            var batch = new List<(LeasedCompletion Completion, TaskCompletionSource<CompletionOutcome?> Done)>();
            while (batch.Count < MaxCommitBatch && _pending.TryDequeue(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                return null;
            }

            // A lone completion may skip the disk wait if it is recomputable (a chain's step: nothing shares that wait).
            // Several already share one flush (group commit), and a commit that returns sooner only makes the next
            // batch smaller, so they commit synchronously.
            var completions = batch.Count == 1 ? [batch[0].Completion] : batch.Select(b => b.Completion with { Recomputable = false }).ToArray();

            // A stopping worker takes no new work, not even its own dependents.
            var claim = new DependentClaim(worker.Info, stopping.IsCancellationRequested ? 0 : batch.Count, worker._options.LeaseDuration);
            HandedOver? kept = null;
            try
            {
                // Retried until the store answers: a graceful stop finishes and records what ran. A retry of a
                // commit that did land is recognised by the queue (same owner, same epoch) and accepted again.
                var result = await worker.RetryAsync("complete", ct => worker._queue.CompleteAndClaimAsync(completions, claim, ct), CancellationToken.None).ConfigureAwait(false);
                kept = HandOver(result, completions, keep, unsynced: completions.All(static c => c.Recomputable));
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(result.Outcomes[i]);
                }
            }
            catch (Exception e)
            {
                slots.Release(batch.Count);
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(e);
                }
            }

            return kept;
        }

        /// <summary>Registers the claimed dependents and starts all but the one kept (before the tasks that released them end, so a stop waits for them too).</summary>
        private HandedOver? HandOver(CompletionResult result, LeasedCompletion[] completions, bool keep, bool unsynced)
        {
            HandedOver? kept = null;
            if (result.Claimed.Count > 0)
            {
                var known = Known(completions, result.Outcomes);
                foreach (var lease in result.Claimed)
                {
                    var inputs = known.GetValueOrDefault(lease.RunId);
                    if (keep && kept is null)
                    {
                        kept = new HandedOver(worker.Hold(lease, unsynced), inputs);
                    }
                    else
                    {
                        worker.Start(lease, inputs, slots, running, this, unsynced);
                    }
                }
            }

            if (completions.Length > result.Claimed.Count)
            {
                slots.Release(completions.Length - result.Claimed.Count);
            }

            if (result.MoreRunnable)
            {
                // Runnable work this commit did not keep: the claim loop asks for it now rather than at the next poll.
                Volatile.Read(ref worker._wake).TrySetResult();
            }

            return kept;
        }

        /// <summary>The final state and receipt of each accepted completion, by run: what its dependents await, already in hand.</summary>
        private static Dictionary<string, Dictionary<Cid, AwaitedTask>> Known(LeasedCompletion[] completions, IReadOnlyList<CompletionOutcome> outcomes)
        {
            var known = new Dictionary<string, Dictionary<Cid, AwaitedTask>>(StringComparer.Ordinal);
            for (var i = 0; i < completions.Length; i++)
            {
                var c = completions[i];
                if (outcomes[i].Accepted && c.State is TaskState.Succeeded or TaskState.Failed or TaskState.Skipped)
                {
                    if (!known.TryGetValue(c.Lease.RunId, out var run))
                    {
                        known[c.Lease.RunId] = run = [];
                    }

                    run[c.Lease.InstructionCid] = new AwaitedTask(c.State, c.Receipt);
                }
            }

            return known;
        }
    }
}
