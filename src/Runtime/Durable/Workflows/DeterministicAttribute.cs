namespace Ipvm.Durable;

/// <summary>
/// Marks a pure task: it computes from its inputs only (no clocks, randomness or I/O; the analyzers check it).
/// Its receipts are memoized forever, across runs and workflows, and it may be retried freely.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DeterministicAttribute : Attribute
{
    /// <summary>The task's name, unique in the assembly; the method's name when unset (set it to resolve a collision).</summary>
    public string? Name { get; set; }

    /// <summary>An explicit code version; when unset the version is the hash of the method's code and its callees.</summary>
    public string? Version { get; set; }
}
