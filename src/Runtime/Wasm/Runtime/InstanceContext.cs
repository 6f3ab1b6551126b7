using Ipvm.Durable.Wasm.Compilation;

namespace Ipvm.Durable.Wasm;

/// <summary>
/// What compiled code reaches through its last parameter: the instance's store, memory, functions,
/// tables, globals and segments. Fields, not properties, so generated IL loads them directly.
/// </summary>
internal sealed class InstanceContext
{
    public required Store? Store;
    public Memory? Memory;
    public Function[] Functions = [];
    public Table[] Tables = [];
    public Global[] Globals = [];

    /// <summary>Passive data segments; a dropped segment is empty.</summary>
    public byte[][] DataSegments = [];

    /// <summary>Passive element segments' references; a dropped segment is empty.</summary>
    public object?[][] ElementSegments = [];

    /// <summary>The compiled code, kept reachable so its collectible assembly outlives every function pointer into it.</summary>
    public CompiledModule? Code;

    /// <summary>For host functions: the callback the signature trampoline calls.</summary>
    public HostFunctionCallback? Host;
}
