namespace Ipvm.Durable.Ipld;

/// <summary>
/// Bounds for decoding untrusted bytes. Every bound is checked before the memory it guards is
/// allocated, so a hostile input costs at most time linear in its length.
/// </summary>
public sealed record IpldDecodeLimits
{
    /// <summary>Limits suited to untrusted input: 64 MiB, depth 128, a million items per collection.</summary>
    public static IpldDecodeLimits Default { get; } = new();

    /// <summary>Effectively unbounded, for bytes this process wrote itself.</summary>
    public static IpldDecodeLimits Trusted { get; } = new() { MaxInputBytes = int.MaxValue, MaxDepth = 4096, MaxCollectionLength = int.MaxValue };

    /// <summary>The largest input accepted, in bytes.</summary>
    public int MaxInputBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The deepest nesting of lists and maps accepted (a scalar at the top is depth 0).</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>The most items a list, or entries a map, may declare.</summary>
    public int MaxCollectionLength { get; init; } = 1_000_000;
}
