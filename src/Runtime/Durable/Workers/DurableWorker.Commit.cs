using System.Threading.Channels;

namespace Ipvm.Durable;

/// <summary>Group commit: completions that finish while a commit is in flight go to the queue together in the next one.</summary>
public sealed partial class DurableWorker
{
    private const int MaxCommitBatch = 256;

    private sealed class CompletionBatcher(DurableWorker worker)
    {
        private readonly Channel<(LeasedCompletion Completion, TaskCompletionSource<CompletionOutcome?> Done)> _pending =
            Channel.CreateUnbounded<(LeasedCompletion, TaskCompletionSource<CompletionOutcome?>)>(new UnboundedChannelOptions { SingleReader = true });

        /// <summary>The queue's verdict once durable; null if the worker stopped before it could be committed.</summary>
        public Task<CompletionOutcome?> CommitAsync(LeasedCompletion completion)
        {
            var done = new TaskCompletionSource<CompletionOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_pending.Writer.TryWrite((completion, done)))
            {
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
                try
                {
                    // Retried until the store answers: a graceful stop finishes and records what ran. A retry of a
                    // commit that did land is recognised by the queue (same owner, same epoch) and accepted again.
                    var outcomes = await worker.RetryAsync("complete", ct => worker._queue.CompleteAsync(completions, ct), CancellationToken.None).ConfigureAwait(false);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.SetResult(outcomes[i]);
                    }
                }
                catch (Exception e)
                {
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetException(e);
                    }
                }

                batch.Clear();
            }
        }
    }
}
