namespace Ipvm.Durable.Wasm;

/// <summary>The decoded, not yet validated contents of a WebAssembly binary.</summary>
internal sealed class ModuleDefinition
{
    public required byte[] Bytes { get; init; }
    public List<FuncType> Types { get; } = [];
    public List<ImportDefinition> Imports { get; } = [];

    /// <summary>Type index of every function, imported ones first.</summary>
    public List<uint> FunctionTypes { get; } = [];
    public List<TableType> Tables { get; } = [];
    public List<Limits> Memories { get; } = [];
    public List<GlobalType> Globals { get; } = [];
    public List<GlobalDefinition> GlobalDefinitions { get; } = [];
    public List<ExportDefinition> Exports { get; } = [];
    public uint? StartFunction { get; set; }
    public List<ElementSegment> Elements { get; } = [];
    public List<DataSegment> Data { get; } = [];
    public uint? DataCount { get; set; }
    public List<FunctionBody> Bodies { get; } = [];

    public int ImportedFunctionCount { get; set; }
    public int ImportedTableCount { get; set; }
    public int ImportedMemoryCount { get; set; }
    public int ImportedGlobalCount { get; set; }

    public FuncType FunctionType(int functionIndex) => Types[(int)FunctionTypes[functionIndex]];
}
