namespace Ipvm.Durable;

/// <summary>Settings of a <see cref="DurableWorker"/>; checked when the worker is created.</summary>
public sealed class DurableWorkerOptions
{
    /// <summary>The worker's id; default: host, process id and a random suffix.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Labels this worker offers (<c>gpu</c>, <c>region=eu</c>); tasks listing labels in <c>meta.labels</c> need all of them.</summary>
    public IList<string> Labels { get; } = [];

    /// <summary>Tasks run at once; default: the processor count.</summary>
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>The most tasks claimed in one round trip; default 64.</summary>
    public int ClaimBatch { get; set; } = 64;

    /// <summary>How long a claim holds without a heartbeat; default 30 s. A worker silent this long loses its tasks.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are extended and the worker's liveness stamped; default 10 s (a third of the lease).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle worker waits before asking the queue again; default 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Let a commit made only of pure results skip waiting for the disk (<see cref="LeasedCompletion.Recomputable"/>:
    /// a commit lost in a database crash is recomputed); default true. False makes every commit synchronous.
    /// </summary>
    public bool UnsyncedPureCommits { get; set; } = true;

    /// <summary>Run effectful tasks whose worker was lost mid-effect again (same idempotency key) instead of parking their run.</summary>
    public bool RetryInterruptedEffects { get; set; }

    /// <summary>Attempts for a pure op that throws; default 3.</summary>
    public int PureMaxAttempts { get; set; } = 3;

    /// <summary>Attempts for an idempotent op that throws; default 5.</summary>
    public int IdempotentMaxAttempts { get; set; } = 5;

    /// <summary>The first backoff delay for idempotent retries, doubled each time; default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest backoff delay for idempotent retries; default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between tries when the queue itself fails (the database restarting); default 5 s.</summary>
    public TimeSpan StoreRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for leases, timeouts and backoff.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of bounds.</summary>
    public void Validate()
    {
        Check(Concurrency is >= 1 and <= 4096, nameof(Concurrency), Concurrency, "between 1 and 4096");
        Check(ClaimBatch is >= 1 and <= 10_000, nameof(ClaimBatch), ClaimBatch, "between 1 and 10,000");
        Check(LeaseDuration >= TimeSpan.FromMilliseconds(100), nameof(LeaseDuration), LeaseDuration, "at least 100 ms");
        Check(HeartbeatInterval > TimeSpan.Zero && HeartbeatInterval * 2 <= LeaseDuration, nameof(HeartbeatInterval), HeartbeatInterval, "positive and at most half of LeaseDuration");
        Check(PollInterval > TimeSpan.Zero, nameof(PollInterval), PollInterval, "positive");
        Check(PureMaxAttempts is >= 1 and <= 100, nameof(PureMaxAttempts), PureMaxAttempts, "between 1 and 100");
        Check(IdempotentMaxAttempts is >= 1 and <= 100, nameof(IdempotentMaxAttempts), IdempotentMaxAttempts, "between 1 and 100");
        Check(RetryBaseDelay >= TimeSpan.Zero, nameof(RetryBaseDelay), RetryBaseDelay, "zero or more");
        Check(RetryMaxDelay >= RetryBaseDelay, nameof(RetryMaxDelay), RetryMaxDelay, "at least RetryBaseDelay");
        Check(StoreRetryMaxDelay > TimeSpan.Zero, nameof(StoreRetryMaxDelay), StoreRetryMaxDelay, "positive");
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        try
        {
            TaskLabels.Normalize(Labels);
        }
        catch (FormatException e)
        {
            throw new ArgumentOutOfRangeException(nameof(Labels), $"DurableWorkerOptions.Labels: {e.Message}");
        }
    }

    internal RetryPolicy Retries => new(PureMaxAttempts, IdempotentMaxAttempts, RetryBaseDelay, RetryMaxDelay);

    private static void Check(bool ok, string name, object value, string bound)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"DurableWorkerOptions.{name} must be {bound}.");
        }
    }
}
