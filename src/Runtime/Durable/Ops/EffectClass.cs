namespace Ipvm.Durable;

/// <summary>What an op may do, which governs memoization scope and retries.</summary>
public enum EffectClass
{
    /// <summary>Computes from its input only; retried freely within a bound, memoized forever.</summary>
    Pure,

    /// <summary>Effects that are safe to repeat; retried with backoff, a bounded number of times.</summary>
    Idempotent,

    /// <summary>Effects that must not repeat blindly; never retried: a failed attempt parks the run.</summary>
    Effectful,
}
