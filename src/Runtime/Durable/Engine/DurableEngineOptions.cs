namespace Ipvm.Durable;

/// <summary>Settings of a <see cref="DurableEngine"/>; checked when the engine is created.</summary>
public sealed class DurableEngineOptions
{
    /// <summary>Tasks run at once within one run; default: the processor count.</summary>
    public int MaxParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Attempts for a pure op that throws (retried at once); default 3.</summary>
    public int PureMaxAttempts { get; set; } = 3;

    /// <summary>Attempts for an idempotent op that throws (retried with backoff); default 5.</summary>
    public int IdempotentMaxAttempts { get; set; } = 5;

    /// <summary>The first backoff delay for idempotent retries, doubled each time; default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest backoff delay; default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a live run reads pause and cancel requests from the store; zero turns polling off. Default 250 ms.</summary>
    public TimeSpan ControlPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Completions not yet durable that a run may have outstanding (group commit depth); default 4096.</summary>
    public int MaxPendingCommits { get; set; } = 4096;

    /// <summary>The clock for durations, timeouts, backoff and timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of bounds.</summary>
    public void Validate()
    {
        Check(MaxParallelism is >= 1 and <= 4096, nameof(MaxParallelism), MaxParallelism, "between 1 and 4096");
        Check(PureMaxAttempts is >= 1 and <= 100, nameof(PureMaxAttempts), PureMaxAttempts, "between 1 and 100");
        Check(IdempotentMaxAttempts is >= 1 and <= 100, nameof(IdempotentMaxAttempts), IdempotentMaxAttempts, "between 1 and 100");
        Check(RetryBaseDelay >= TimeSpan.Zero, nameof(RetryBaseDelay), RetryBaseDelay, "zero or more");
        Check(RetryMaxDelay >= RetryBaseDelay, nameof(RetryMaxDelay), RetryMaxDelay, "at least RetryBaseDelay");
        Check(ControlPollInterval >= TimeSpan.Zero, nameof(ControlPollInterval), ControlPollInterval, "zero or more");
        Check(MaxPendingCommits is >= 1 and <= 1_000_000, nameof(MaxPendingCommits), MaxPendingCommits, "between 1 and 1,000,000");
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void Check(bool ok, string name, object value, string bound)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"DurableEngineOptions.{name} must be {bound}.");
        }
    }
}
