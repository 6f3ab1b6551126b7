namespace Ipvm.Durable.Wasm;

/// <summary>An instantiated module: its functions, memory, tables and globals, reachable by export name.</summary>
public sealed partial class Instance
{
    private readonly Dictionary<string, object> _exports = new(StringComparer.Ordinal);

    /// <summary>Instantiates <paramref name="module"/> with positional <paramref name="imports"/> (Function, Table, Memory or Global).</summary>
    /// <exception cref="WasmLinkException">An import has an incompatible type.</exception>
    /// <exception cref="WasmTrapException">A segment did not fit or the start function trapped.</exception>
    public Instance(Store store, Module module, IReadOnlyList<object> imports)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(imports);
        if (module.Engine.Config.ConsumeFuel != store.Engine.Config.ConsumeFuel)
        {
            throw new ArgumentException("The module was compiled by an engine with another fuel setting than the store's.", nameof(module));
        }

        Store = store;
        Module = module;
        Context = Instantiator.Instantiate(store, module, imports, _exports);
    }

    /// <summary>The store that owns the instance's state.</summary>
    public Store Store { get; }

    /// <summary>The module instantiated.</summary>
    public Module Module { get; }

    internal InstanceContext Context { get; }

    internal IReadOnlyDictionary<string, object> ExportsByName => _exports;

    /// <summary>An export by name: Function, Table, Memory or Global, or null.</summary>
    public object? GetExport(string name) => _exports.GetValueOrDefault(name);

    /// <summary>An exported function, or null.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    /// <summary>An exported memory, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported table, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;

    /// <summary>An exported global, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;
}
