namespace Ipvm.Durable;

/// <summary>
/// Runs one op: turns the resolved input in <paramref name="context"/> into a result. Return
/// <see cref="TaskResult.Error(Ipld.IpldValue)"/> for a definite failure (an error receipt, no retry);
/// throw for a transient one (retried as the op's <see cref="EffectClass"/> allows).
/// </summary>
public delegate ValueTask<TaskResult> OpHandler(OpContext context);
