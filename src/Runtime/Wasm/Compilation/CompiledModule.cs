namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>The compiled code of a module: one static method per defined function in a collectible type.</summary>
internal sealed class CompiledModule(Type holder, nint[] entryPoints, long maxFrameBytes)
{
    /// <summary>The largest estimated native frame of any function: the stack every call must find free.</summary>
    public long MaxFrameBytes { get; } = maxFrameBytes;

    /// <summary>Keeps the collectible assembly alive while instances use its code.</summary>
    public Type Holder { get; } = holder;

    /// <summary>Entry points of the defined functions (imports excluded), in index order.</summary>
    public nint[] EntryPoints { get; } = entryPoints;
}
