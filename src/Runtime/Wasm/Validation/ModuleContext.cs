namespace Ipvm.Durable.Wasm.Validation;

/// <summary>Module-wide facts the function validator needs beyond the decoded sections.</summary>
internal sealed class ModuleContext
{
    /// <summary>Functions that ref.func may name: those in exports, element segments and global initializers (the spec's C.refs).</summary>
    public HashSet<uint> DeclaredFunctionReferences { get; } = [];

    /// <summary>Functions with loads or stores; only they cache the memory's base and length in locals.</summary>
    public HashSet<int> FunctionsAccessingMemory { get; } = [];
}
