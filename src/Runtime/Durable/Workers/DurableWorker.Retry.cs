using Microsoft.Extensions.Logging;

namespace Ipvm.Durable;

/// <summary>Store outages: a failing queue or store call is tried again with bounded exponential backoff.</summary>
public sealed partial class DurableWorker
{
    /// <summary>
    /// Calls <paramref name="call"/> until it succeeds or <paramref name="cancellationToken"/> fires. Every failure is
    /// logged: a database that restarts is waited out, one that stays broken shows in the log rather than killing
    /// the worker (and with it every lease it holds).
    /// </summary>
    private async Task<T> RetryAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not KeyNotFoundException)
            {
                Log.QueueFailed(_logger, Info.Id, operation, delay.TotalMilliseconds, e);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.StoreRetryMaxDelay.Ticks));
        }
    }

    private Task<bool> RetryAsync(string operation, Func<CancellationToken, ValueTask> call, CancellationToken cancellationToken) =>
        RetryAsync<bool>(
            operation,
            async ct =>
            {
                await call(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
}
