namespace Ipvm.Durable.Ipld;

/// <summary>Bounds and checks for reading a CAR file, which is usually untrusted input.</summary>
public sealed record CarReaderOptions
{
    /// <summary>The defaults: 1 MiB header, 16 MiB sections, a million blocks, every block verified.</summary>
    public static CarReaderOptions Default { get; } = new();

    /// <summary>The largest header accepted, in bytes.</summary>
    public int MaxHeaderBytes { get; init; } = 1024 * 1024;

    /// <summary>The largest section (CID plus block data) accepted, in bytes; checked before it is read.</summary>
    public int MaxSectionBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most blocks read from one CAR.</summary>
    public long MaxBlockCount { get; init; } = 1_000_000;

    /// <summary>
    /// Hash each block and compare with its CID (default true). Blocks whose hash function cannot be
    /// computed here are passed through unless <see cref="RequireVerifiableHashes"/> is set.
    /// </summary>
    public bool VerifyBlocks { get; init; } = true;

    /// <summary>With <see cref="VerifyBlocks"/>, reject blocks whose hash cannot be computed here instead of passing them through.</summary>
    public bool RequireVerifiableHashes { get; init; }
}
