using Ipvm.Durable.Wasm.Compilation;

namespace Ipvm.Durable.Wasm;

/// <summary>The spec's instantiation: match imports, allocate, evaluate globals, apply segments in order, run start.</summary>
internal static class Instantiator
{
    public static InstanceContext Instantiate(Store store, Module module, IReadOnlyList<object> imports, Dictionary<string, object> exports)
    {
        var definition = module.Definition;
        if (imports.Count != definition.Imports.Count)
        {
            throw new ArgumentException($"The module declares {definition.Imports.Count} imports; {imports.Count} were given.", nameof(imports));
        }

        var context = new InstanceContext { Store = store, Code = module.Code };
        if (module.Code.MaxFrameBytes > store.FrameReserve)
        {
            // Larger frames need a larger free reserve: forget the stack already vouched for.
            store.FrameReserve = module.Code.MaxFrameBytes;
            store.StackLimit = nuint.MaxValue;
        }

        var functions = new List<Function>(definition.FunctionTypes.Count);
        var tables = new List<Table>(definition.Tables.Count);
        var memories = new List<Memory>(1);
        var globals = new List<Global>(definition.Globals.Count);
        for (var i = 0; i < imports.Count; i++)
        {
            ImportMatcher.Match(store, definition, definition.Imports[i], imports[i], functions, tables, memories, globals);
        }

        for (var i = 0; i < definition.Bodies.Count; i++)
        {
            functions.Add(new Function(definition.FunctionType(functions.Count), module.Code.EntryPoints[i], context));
        }

        for (var i = definition.ImportedTableCount; i < definition.Tables.Count; i++)
        {
            var type = definition.Tables[i];
            if (type.Limits.Minimum > Table.MaxElements)
            {
                throw new WasmLinkException($"table of {type.Limits.Minimum} elements exceeds the engine's limit", "", $"table {i}");
            }

            tables.Add(new Table(type.ElementKind, type.Limits.Minimum, type.Limits.Maximum));
        }

        for (var i = definition.ImportedMemoryCount; i < definition.Memories.Count; i++)
        {
            var limits = definition.Memories[i];
            if ((long)limits.Minimum * Memory.PageSize > Math.Min(store.MaxMemoryBytes, Memory.MaxSupportedBytes))
            {
                throw new WasmLinkException($"memory of {limits.Minimum} pages exceeds the store's limit", "", $"memory {i}");
            }

            memories.Add(new Memory(limits.Minimum, limits.Maximum, store.MaxMemoryBytes));
        }

        context.Functions = [.. functions];
        context.Tables = [.. tables];
        context.Memory = memories.Count > 0 ? memories[0] : null;
        foreach (var global in definition.GlobalDefinitions)
        {
            globals.Add(new Global(global.Type.Kind, global.Type.Mutable, Evaluate(global.Init, context, globals)));
        }

        context.Globals = [.. globals];
        foreach (var export in definition.Exports)
        {
            exports[export.Name] = export.Kind switch
            {
                ExternKind.Function => functions[(int)export.Index],
                ExternKind.Table => tables[(int)export.Index],
                ExternKind.Memory => memories[(int)export.Index],
                _ => globals[(int)export.Index],
            };
        }

        ApplyElements(definition, context);
        ApplyData(definition, context);
        if (definition.StartFunction is { } start)
        {
            functions[(int)start].Call();
        }

        return context;
    }

    private static Value Evaluate(ConstantExpression expression, InstanceContext context, List<Global> globals) => expression.Opcode switch
    {
        0x41 => Value.FromInt32((int)expression.Bits),
        0x42 => Value.FromInt64(expression.Bits),
        0x43 => Value.FromSingleBits((int)expression.Bits),
        0x44 => Value.FromDoubleBits(expression.Bits),
        0x23 => globals[(int)expression.Bits].Value,
        0xD2 => Value.FromFunction(context.Functions[(int)expression.Bits]),
        _ => Value.Default(expression.RefKind),
    };

    private static void ApplyElements(ModuleDefinition definition, InstanceContext context)
    {
        var globals = context.Globals.ToList();
        context.ElementSegments = new object?[definition.Elements.Count][];
        for (var i = 0; i < definition.Elements.Count; i++)
        {
            var segment = definition.Elements[i];
            var items = segment.Items.Select(item => Evaluate(item, context, globals).Reference).ToArray();
            context.ElementSegments[i] = segment.Mode == SegmentMode.Passive ? items : [];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = Evaluate(segment.Offset!, context, globals).AsInt32();
                var table = context.Tables[segment.TableIndex].Elements;
                if ((ulong)(uint)offset + (ulong)items.Length > (ulong)table.Length)
                {
                    throw new WasmTrapException(TrapCode.TableOutOfBounds);
                }

                items.CopyTo(table, offset);
            }
        }
    }

    private static void ApplyData(ModuleDefinition definition, InstanceContext context)
    {
        var globals = context.Globals.ToList();
        context.DataSegments = new byte[definition.Data.Count][];
        for (var i = 0; i < definition.Data.Count; i++)
        {
            var segment = definition.Data[i];
            context.DataSegments[i] = segment.Mode == SegmentMode.Passive ? segment.Bytes : [];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = Evaluate(segment.Offset!, context, globals).AsInt32();
                var memory = context.Memory!.Data;
                if ((ulong)(uint)offset + (ulong)segment.Bytes.Length > (ulong)memory.Length)
                {
                    throw new WasmTrapException(TrapCode.MemoryOutOfBounds);
                }

                segment.Bytes.CopyTo(memory, offset);
            }
        }
    }
}
