using Ipvm.Durable.Wasm.Compilation;
using Ipvm.Durable.Wasm.Decoding;
using Ipvm.Durable.Wasm.Validation;

namespace Ipvm.Durable.Wasm;

/// <summary>A decoded, validated and compiled module, shareable by any number of instances and stores.</summary>
public sealed class Module
{
    internal Module(Engine engine, ModuleDefinition definition, CompiledModule code)
    {
        Engine = engine;
        Definition = definition;
        Code = code;
        Imports = [.. definition.Imports.Select(i => new ImportInfo(i.ModuleName, i.Name, i.Kind))];
        Exports = [.. definition.Exports.Select(e => new ExportInfo(e.Name, e.Kind))];
    }

    /// <summary>The engine that compiled it.</summary>
    public Engine Engine { get; }

    /// <summary>The imports, in the order positional instantiation expects them.</summary>
    public IReadOnlyList<ImportInfo> Imports { get; }

    /// <summary>The exports.</summary>
    public IReadOnlyList<ExportInfo> Exports { get; }

    internal ModuleDefinition Definition { get; }

    internal CompiledModule Code { get; }

    /// <summary>Decodes, validates and compiles <paramref name="bytes"/>, or returns the engine's cached compilation of the same bytes.</summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="WasmValidationException">The module is invalid.</exception>
    public static Module FromBytes(Engine engine, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(bytes);
        return engine.GetOrCompile(bytes);
    }

    /// <summary>Reads and compiles a .wasm file.</summary>
    public static Module FromFile(Engine engine, string path) => FromBytes(engine, File.ReadAllBytes(path));

    /// <summary>Decodes and validates without compiling; throws on the first error.</summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="WasmValidationException">The module is invalid.</exception>
    public static void Validate(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModuleValidator.Validate(ModuleDecoder.Decode(bytes));
    }
}

/// <summary>An import a module declares.</summary>
/// <param name="ModuleName">The providing module's name.</param>
/// <param name="Name">The item's name.</param>
/// <param name="Kind">What is imported.</param>
public sealed record ImportInfo(string ModuleName, string Name, ExternKind Kind);

/// <summary>An export a module declares.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Kind">What is exported.</param>
public sealed record ExportInfo(string Name, ExternKind Kind);
