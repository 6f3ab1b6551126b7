using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable;

/// <summary>
/// WebAssembly modules known by name, for <c>wasm/run</c> tasks whose <c>rsc</c> is that name rather than
/// <c>ipfs://&lt;cid&gt;</c>. Thread-safe; adding a name twice replaces the module.
/// </summary>
public sealed class WasmModuleRegistry
{
    private readonly ConcurrentDictionary<string, byte[]> _modules = new(StringComparer.Ordinal);

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _modules.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers <paramref name="module"/> (a binary module, validated now) as <paramref name="name"/>.</summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="WasmValidationException">The module is invalid.</exception>
    public WasmModuleRegistry Add(string name, ReadOnlySpan<byte> module)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var bytes = module.ToArray();
        Module.Validate(bytes);
        _modules[name] = bytes;
        return this;
    }

    /// <summary>Reads a .wasm file and registers it as <paramref name="name"/>.</summary>
    public WasmModuleRegistry AddFile(string name, string path) => Add(name, File.ReadAllBytes(path));

    /// <summary>Finds the module registered as <paramref name="name"/>.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out byte[]? module) => _modules.TryGetValue(name, out module);
}
