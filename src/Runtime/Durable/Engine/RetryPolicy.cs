namespace Ipvm.Durable;

/// <summary>How often and how soon a throwing handler is tried again, per effect class.</summary>
internal sealed record RetryPolicy(int PureMaxAttempts, int IdempotentMaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy From(DurableEngineOptions options) =>
        new(options.PureMaxAttempts, options.IdempotentMaxAttempts, options.RetryBaseDelay, options.RetryMaxDelay);

    /// <summary>Effectful ops get one attempt; the others the op's own bound or the class default.</summary>
    public int MaxAttempts(OpDefinition op, EffectClass effectClass) => effectClass switch
    {
        EffectClass.Effectful => 1,
        EffectClass.Pure => op.MaxAttempts ?? PureMaxAttempts,
        _ => op.MaxAttempts ?? IdempotentMaxAttempts,
    };

    /// <summary>Pure work is retried at once; idempotent work after an exponential backoff capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan Delay(EffectClass effectClass, int attempt)
    {
        if (effectClass == EffectClass.Pure)
        {
            return TimeSpan.Zero;
        }

        var ticks = BaseDelay.Ticks * Math.Pow(2, attempt - 1);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
