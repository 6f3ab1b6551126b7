using System.Collections.Concurrent;
using System.Threading.Channels;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Group commit: completions that finish while a commit is in flight go to the queue together in the next one, and
/// the dependents they make runnable come back from that same commit, claimed for this worker, to run next.
/// </summary>
public sealed partial class DurableWorker
{
    private const int MaxCommitBatch = 256;

    /// <summary>
    /// The commit loop. Each completion brings its task's concurrency slot; after the commit, each slot either runs a
    /// dependent the commit claimed for this worker or is released, so handed-over work never exceeds
    /// <see cref="DurableWorkerOptions.Concurrency"/>.
    /// </summary>
    private sealed class CompletionBatcher(DurableWorker worker, SemaphoreSlim slots, ConcurrentDictionary<Task, byte> running, CancellationToken stopping)
    {
        private readonly Channel<(LeasedCompletion Completion, TaskCompletionSource<CompletionOutcome?> Done)> _pending =
            Channel.CreateUnbounded<(LeasedCompletion, TaskCompletionSource<CompletionOutcome?>)>(new UnboundedChannelOptions { SingleReader = true });

        /// <summary>The queue's verdict once durable; null if the worker stopped before it could be committed. Takes over the caller's slot.</summary>
        public Task<CompletionOutcome?> CommitAsync(LeasedCompletion completion)
        {
            var done = new TaskCompletionSource<CompletionOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_pending.Writer.TryWrite((completion, done)))
            {
                slots.Release();
                done.SetResult(null);
            }

            return done.Task;
        }

        public void Complete() => _pending.Writer.TryComplete();

        public async Task RunAsync()
        {
            var reader = _pending.Reader;
            var batch = new List<(LeasedCompletion Completion, TaskCompletionSource<CompletionOutcome?> Done)>(MaxCommitBatch);
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxCommitBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var completions = batch.Select(b => b.Completion).ToArray();

                // A stopping worker takes no new work, not even its own dependents.
                var claim = new DependentClaim(worker.Info, stopping.IsCancellationRequested ? 0 : batch.Count, worker._options.LeaseDuration);
                try
                {
                    // Retried until the store answers: a graceful stop finishes and records what ran. A retry of a
                    // commit that did land is recognised by the queue (same owner, same epoch) and accepted again.
                    var result = await worker.RetryAsync("complete", ct => worker._queue.CompleteAndClaimAsync(completions, claim, ct), CancellationToken.None).ConfigureAwait(false);
                    HandOver(result, completions);
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

                batch.Clear();
            }
        }

        /// <summary>Starts the claimed dependents (before the tasks that released them end, so a stop waits for them too).</summary>
        private void HandOver(CompletionResult result, LeasedCompletion[] completions)
        {
            if (result.Claimed.Count > 0)
            {
                var known = Known(completions, result.Outcomes);
                foreach (var lease in result.Claimed)
                {
                    worker.Start(lease, known.GetValueOrDefault(lease.RunId), slots, running, this);
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
