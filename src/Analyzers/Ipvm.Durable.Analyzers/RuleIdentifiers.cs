namespace Ipvm.Durable.Analyzers;

/// <summary>
/// Every diagnostic id the analyzers report. Ranges: IPVM0xxx determinism (what workflow and deterministic code
/// may not read or do), IPVM1xxx effects and workflow shape, IPVM2xxx generator input, IPVM3xxx hosting.
/// </summary>
public static class RuleIdentifiers
{
    /// <summary>Wall clock: <c>DateTime.UtcNow</c>, <c>Stopwatch</c>, <c>Environment.TickCount</c>.</summary>
    public const string WallClock = "IPVM0001";

    /// <summary>New GUIDs: <c>Guid.NewGuid</c>, <c>Guid.CreateVersion7</c>.</summary>
    public const string NewGuid = "IPVM0002";

    /// <summary>Randomness: <c>new Random()</c>, <c>Random.Shared</c>, <c>RandomNumberGenerator</c>.</summary>
    public const string Random = "IPVM0003";

    /// <summary>Sleeps, delays and timers.</summary>
    public const string Timer = "IPVM0004";

    /// <summary>Threads, scheduling and synchronization.</summary>
    public const string Threading = "IPVM0005";

    /// <summary>File system access.</summary>
    public const string FileSystem = "IPVM0006";

    /// <summary>Network access and other I/O clients.</summary>
    public const string Network = "IPVM0007";

    /// <summary>Process, machine and environment state, console input and output.</summary>
    public const string Environment = "IPVM0008";

    /// <summary>Mutable static state read or written.</summary>
    public const string MutableStatic = "IPVM0009";

    /// <summary>Values that depend on the per-process hash seed.</summary>
    public const string HashCode = "IPVM0010";

    /// <summary>Formatting, parsing and comparison that depend on the current culture.</summary>
    public const string Culture = "IPVM0011";

    /// <summary>What cannot be proven deterministic: reflection, dynamic, unsafe code, unverifiable external calls.</summary>
    public const string Unverifiable = "IPVM0012";

    /// <summary>A task ([Idempotent] or [Effectful]) called directly instead of through the context.</summary>
    public const string DirectTaskCall = "IPVM1001";

    /// <summary>A [Deterministic] method reaches nondeterminism through the methods it calls.</summary>
    public const string DeterministicReachesNondeterminism = "IPVM1002";

    /// <summary>A workflow awaits something that does not come from the context.</summary>
    public const string AwaitOutsideContext = "IPVM1003";

    /// <summary><c>async void</c>, or a context task that is started and not awaited.</summary>
    public const string AsyncVoidOrDiscardedTask = "IPVM1004";

    /// <summary>The workflow signature: async, a WorkflowContext first parameter, Task or Task&lt;T&gt;.</summary>
    public const string WorkflowSignature = "IPVM1005";
}
