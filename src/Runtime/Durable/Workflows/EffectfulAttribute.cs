namespace Ipvm.Durable;

/// <summary>
/// Marks a destructive effect (send mail, charge a card): started at most once per run and call site, never
/// retried blindly. The handler receives an idempotency key, stable across retries and crashes, to pass on.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class EffectfulAttribute : Attribute
{
    /// <summary>The task's name, unique in the assembly; the method's name when unset.</summary>
    public string? Name { get; set; }

    /// <summary>An explicit code version; when unset the version is the hash of the method's code and its callees.</summary>
    public string? Version { get; set; }
}
