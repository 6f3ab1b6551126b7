namespace Ipvm.Durable;

/// <summary>
/// What the runtime needs to call a task: its name, the instruction's <c>op</c>, the <c>rsc</c> naming its code
/// (with the hash of that code, so changed code gets new CIDs), and its effect class, which sets its nonce.
/// Generated code holds one per task.
/// </summary>
/// <param name="Name">The task's registered name.</param>
/// <param name="Op">The instruction's op, <c>dotnet/run</c> for C# tasks.</param>
/// <param name="Resource">The instruction's rsc: the task's code identity.</param>
/// <param name="EffectClass">Pure, idempotent or effectful.</param>
public sealed record TaskDescriptor(string Name, string Op, string Resource, EffectClass EffectClass);
