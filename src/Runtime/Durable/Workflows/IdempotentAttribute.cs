namespace Ipvm.Durable;

/// <summary>
/// Marks a nondestructive effect: I/O that is safe to repeat (a PUT, an upsert, a read). Memoized within one run,
/// retried with bounded backoff.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
    /// <summary>The task's name, unique in the assembly; the method's name when unset.</summary>
    public string? Name { get; set; }

    /// <summary>An explicit code version; when unset the version is the hash of the method's code and its callees.</summary>
    public string? Version { get; set; }
}
