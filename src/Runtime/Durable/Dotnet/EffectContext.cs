namespace Ipvm.Durable;

/// <summary>
/// What a .NET task receives besides its arguments. <see cref="IdempotencyKey"/> is derived from the instruction
/// CID, so it is the same on every retry and after every crash: pass it to the payment provider or mail API so
/// that a repeated call is recognised there.
/// </summary>
public sealed class EffectContext
{
    internal EffectContext(string runId, string idempotencyKey, int attempt, CancellationToken cancellationToken)
    {
        RunId = runId;
        IdempotencyKey = idempotencyKey;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }

    /// <summary>The run the call belongs to.</summary>
    public string RunId { get; }

    /// <summary>A key stable across retries and crashes for this call: <c>ipvm-</c> and the instruction CID.</summary>
    public string IdempotencyKey { get; }

    /// <summary>1 for the first attempt, then 2, 3, ... on retries.</summary>
    public int Attempt { get; }

    /// <summary>Cancelled when the run is cancelled or the task's time limit passes.</summary>
    public CancellationToken CancellationToken { get; }
}
