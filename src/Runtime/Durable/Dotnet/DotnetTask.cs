using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>The code of a .NET task: decodes its arguments, runs the user's method, encodes the result.</summary>
/// <param name="arguments">The <c>args</c> of the instruction's input.</param>
/// <param name="context">The call's idempotency key, attempt and cancellation.</param>
public delegate ValueTask<IpldValue> DotnetTaskHandler(IpldValue arguments, EffectContext context);

/// <summary>A registered .NET task: what the instruction names it by and the code that runs it.</summary>
/// <param name="Descriptor">The task's name, op, resource and effect class.</param>
/// <param name="Handler">The code.</param>
public sealed record DotnetTask(TaskDescriptor Descriptor, DotnetTaskHandler Handler);
