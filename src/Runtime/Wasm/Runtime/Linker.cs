namespace Ipvm.Durable.Wasm;

/// <summary>Resolves imports by module and item name, like wasmtime's Linker.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), object> _definitions = [];

    /// <summary>Creates an empty linker.</summary>
    public Linker(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Whether a later definition of the same name replaces an earlier one (true, as the spec runner needs).</summary>
    public bool AllowShadowing { get; set; } = true;

    /// <summary>Defines an extern: a <see cref="Function"/>, <see cref="Table"/>, <see cref="Memory"/> or <see cref="Global"/>.</summary>
    public void Define(string module, string name, object item)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        if (item is not (Function or Table or Memory or Global))
        {
            throw new ArgumentException("An extern is a Function, Table, Memory or Global.", nameof(item));
        }

        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
        {
            throw new InvalidOperationException($"\"{module}\" \"{name}\" is already defined.");
        }

        _definitions[(module, name)] = item;
    }

    /// <summary>Defines a host function with an explicit signature.</summary>
    public void DefineFunction(string module, string name, FuncType type, HostFunctionCallback callback) =>
        Define(module, name, Function.FromCallback(type, callback));

    /// <summary>Defines a host function from a delegate over int, long, float, double (and void), inferring its signature.</summary>
    public void DefineFunction(string module, string name, Delegate callback) =>
        Define(module, name, HostDelegates.Wrap(callback));

    /// <summary>Defines every export of <paramref name="instance"/> under module name <paramref name="module"/>.</summary>
    public void DefineInstance(string module, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var (name, item) in instance.ExportsByName)
        {
            Define(module, name, item);
        }
    }

    /// <summary>Looks up a definition.</summary>
    public bool TryGet(string module, string name, out object? item) => _definitions.TryGetValue((module, name), out item);

    /// <summary>Instantiates <paramref name="module"/> in <paramref name="store"/>, resolving its imports here.</summary>
    /// <exception cref="WasmLinkException">An import is missing or has an incompatible type.</exception>
    /// <exception cref="WasmTrapException">A segment did not fit or the start function trapped.</exception>
    public Instance Instantiate(Store store, Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var imports = new object[module.Imports.Count];
        for (var i = 0; i < imports.Length; i++)
        {
            var import = module.Imports[i];
            imports[i] = _definitions.TryGetValue((import.ModuleName, import.Name), out var item)
                ? item
                : throw new WasmLinkException("unknown import", import.ModuleName, import.Name);
        }

        return new Instance(store, module, imports);
    }
}
