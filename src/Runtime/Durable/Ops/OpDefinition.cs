namespace Ipvm.Durable;

/// <summary>A registered op: its name, effect class, handler and retry bound.</summary>
/// <param name="Op">The op string, such as <c>wasm/run</c>.</param>
/// <param name="EffectClass">What the op may do.</param>
/// <param name="Handler">The handler.</param>
/// <param name="MaxAttempts">Attempts before giving up; null takes the engine's default for the effect class. Effectful ops always get one.</param>
public sealed record OpDefinition(string Op, EffectClass EffectClass, OpHandler Handler, int? MaxAttempts = null);
