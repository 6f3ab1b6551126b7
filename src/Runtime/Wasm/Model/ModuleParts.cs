namespace Ipvm.Durable.Wasm;

/// <summary>An import declared by a module.</summary>
/// <param name="ModuleName">The first name (the providing module).</param>
/// <param name="Name">The second name (the item).</param>
/// <param name="Kind">What is imported.</param>
/// <param name="FunctionTypeIndex">For functions: the type index.</param>
/// <param name="Table">For tables: the table type.</param>
/// <param name="Memory">For memories: the limits in pages.</param>
/// <param name="Global">For globals: the global type.</param>
internal sealed record ImportDefinition(
    string ModuleName, string Name, ExternKind Kind, uint FunctionTypeIndex, TableType Table, Limits Memory, GlobalType Global);

/// <summary>An export declared by a module.</summary>
internal sealed record ExportDefinition(string Name, ExternKind Kind, uint Index);

/// <summary>A constant expression: one value-producing instruction (the validator checks it).</summary>
/// <param name="Opcode">i32.const, i64.const, f32.const, f64.const, ref.null, ref.func or global.get.</param>
/// <param name="Bits">The constant's bits, or the function/global index.</param>
/// <param name="Offset">Byte offset of the expression in the module.</param>
internal sealed record ConstantExpression(byte Opcode, long Bits, long Offset)
{
    /// <summary>A further instruction count beyond one (extended constants are invalid in 2.0).</summary>
    public int ExtraInstructions { get; init; }

    /// <summary>For ref.null: the heap type.</summary>
    public ValueKind RefKind { get; init; }
}

/// <summary>A defined global.</summary>
internal sealed record GlobalDefinition(GlobalType Type, ConstantExpression Init);

/// <summary>How an element or data segment is applied.</summary>
internal enum SegmentMode
{
    Active,
    Passive,
    Declarative,
}

/// <summary>An element segment: a list of references, each a constant expression.</summary>
internal sealed record ElementSegment(
    SegmentMode Mode, uint TableIndex, ConstantExpression? Offset, ValueKind ElementKind, ConstantExpression[] Items, long ByteOffset);

/// <summary>A data segment.</summary>
internal sealed record DataSegment(SegmentMode Mode, uint MemoryIndex, ConstantExpression? Offset, byte[] Bytes);

/// <summary>A function body: its locals (excluding parameters) and the byte range of its code.</summary>
internal sealed record FunctionBody(ValueKind[] Locals, int CodeStart, int CodeEnd);
