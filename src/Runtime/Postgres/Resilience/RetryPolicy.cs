using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ipvm.Durable.Postgres.Resilience;

/// <summary>
/// Runs a database operation, trying it again on transient errors with exponential backoff (base delay
/// doubling, capped) up to a number of attempts. Operations must be idempotent: a retry may follow a commit
/// whose acknowledgement was lost. After a transient error the pool's idle connections are dropped, since a
/// restarted server has closed them all.
/// </summary>
internal sealed partial class RetryPolicy(PostgresStoreOptions options, NpgsqlDataSource dataSource, ILogger logger)
{
    /// <summary>Runs <paramref name="operation"/>, passing the attempt number (1 first).</summary>
    public async Task<T> RunAsync<T>(Func<int, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < options.MaxRetryAttempts && !cancellationToken.IsCancellationRequested && TransientErrors.IsTransient(e))
            {
                var delay = Delay(attempt);
                LogRetry(logger, attempt, options.MaxRetryAttempts, delay.TotalMilliseconds, e.Message);
                dataSource.Clear();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: base × 2^(attempt-1), at most the cap.</summary>
    public TimeSpan Delay(int attempt)
    {
        var ticks = options.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= options.MaxRetryDelay.Ticks ? options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    [LoggerMessage(2101, LogLevel.Warning, "PostgreSQL operation failed transiently (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms: {Problem}")]
    private static partial void LogRetry(ILogger logger, int attempt, int maxAttempts, double delayMs, string problem);
}
