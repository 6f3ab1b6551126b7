namespace Ipvm.Durable;

/// <summary>A registered op: its name, effect class, handler and retry bound.</summary>
/// <param name="Op">The op string, such as <c>wasm/run</c>.</param>
/// <param name="EffectClass">What the op may do; for an op that classifies each instruction, the class of an instruction it cannot place.</param>
/// <param name="Handler">The handler.</param>
/// <param name="MaxAttempts">Attempts before giving up; null takes the engine's default for the effect class. Effectful ops always get one.</param>
/// <param name="Classify">For ops that host tasks of several classes (<c>dotnet/run</c>): the class of one instruction.</param>
/// <param name="Derivable">
/// True when the op's result follows from receipts that are durable before it runs (a workflow's output, by
/// replaying its code over its steps' receipts): its completion may then commit without an fsync of its own
/// (see <see cref="TaskCompletion.Derivable"/>).
/// </param>
public sealed record OpDefinition(string Op, EffectClass EffectClass, OpHandler Handler, int? MaxAttempts = null, Func<Instruction, EffectClass>? Classify = null, bool Derivable = false)
{
    /// <summary>The effect class that governs <paramref name="instruction"/>: its claim, retries and backoff.</summary>
    public EffectClass EffectClassOf(Instruction instruction) => Classify?.Invoke(instruction) ?? EffectClass;
}
