namespace Ipvm.Durable.Wasm;

/// <summary>Engine configuration, fixed when the <see cref="Engine"/> is created.</summary>
public sealed class Config
{
    /// <summary>Whether compiled code meters fuel (costs about one subtraction per block).</summary>
    public bool ConsumeFuel { get; set; }

    /// <summary>Default maximum call depth of new stores.</summary>
    public int MaxCallDepth { get; set; } = 10_000;

    /// <summary>Default maximum memory size of new stores (at most 2 GiB minus 64 KiB: memories are .NET arrays).</summary>
    public long MaxMemoryBytes { get; set; } = Memory.MaxSupportedBytes;

    /// <summary>Whether compiled modules are cached by the SHA-256 of their bytes.</summary>
    public bool CacheModules { get; set; } = true;

    /// <summary>How many compiled modules the cache keeps; past it an entry is dropped (its code is collected once unused).</summary>
    public int MaxCachedModules { get; set; } = 256;
}
