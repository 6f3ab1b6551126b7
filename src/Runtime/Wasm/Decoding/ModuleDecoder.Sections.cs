namespace Ipvm.Durable.Wasm.Decoding;

internal static partial class ModuleDecoder
{
    private static void ReadTypes(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            if (r.ReadByte() != 0x60)
            {
                throw WasmReader.Fail("integer representation too long: expected function type 0x60", r.Position - 1);
            }

            var parameters = ReadValueTypes(r);
            var results = ReadValueTypes(r);
            module.Types.Add(new FuncType(parameters, results));
        }
    }

    private static ValueKind[] ReadValueTypes(WasmReader r)
    {
        var count = r.ReadCount();
        var types = new ValueKind[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = ReadValueType(r);
        }

        return types;
    }

    public static ValueKind ReadValueType(WasmReader r)
    {
        var b = r.ReadByte();
        return ValueKinds.IsDefined(b) ? (ValueKind)b : throw WasmReader.Fail($"malformed value type 0x{b:x2}", r.Position - 1);
    }

    private static ValueKind ReadReferenceType(WasmReader r)
    {
        var b = r.ReadByte();
        return b is 0x70 or 0x6F ? (ValueKind)b : throw WasmReader.Fail("malformed reference type", r.Position - 1);
    }

    private static Limits ReadLimits(WasmReader r)
    {
        var flags = r.ReadByte();
        if (flags > 1)
        {
            throw WasmReader.Fail("integer too large: malformed limits flags", r.Position - 1);
        }

        var min = r.ReadU32();
        uint? max = flags == 1 ? r.ReadU32() : null;
        return new Limits(min, max);
    }

    private static TableType ReadTableType(WasmReader r)
    {
        var kind = ReadReferenceType(r);
        return new TableType(kind, ReadLimits(r));
    }

    private static GlobalType ReadGlobalType(WasmReader r)
    {
        var kind = ReadValueType(r);
        var mutability = r.ReadByte();
        if (mutability > 1)
        {
            throw WasmReader.Fail("malformed mutability", r.Position - 1);
        }

        return new GlobalType(kind, mutability == 1);
    }

    private static void ReadImports(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var moduleName = r.ReadName();
            var name = r.ReadName();
            var kind = r.ReadByte();
            switch (kind)
            {
                case 0:
                    var typeIndex = r.ReadU32();
                    module.FunctionTypes.Add(typeIndex);
                    module.ImportedFunctionCount++;
                    module.Imports.Add(new ImportDefinition(moduleName, name, ExternKind.Function, typeIndex, default, default, default));
                    break;
                case 1:
                    var table = ReadTableType(r);
                    module.Tables.Add(table);
                    module.ImportedTableCount++;
                    module.Imports.Add(new ImportDefinition(moduleName, name, ExternKind.Table, 0, table, default, default));
                    break;
                case 2:
                    var memory = ReadLimits(r);
                    module.Memories.Add(memory);
                    module.ImportedMemoryCount++;
                    module.Imports.Add(new ImportDefinition(moduleName, name, ExternKind.Memory, 0, default, memory, default));
                    break;
                case 3:
                    var global = ReadGlobalType(r);
                    module.Globals.Add(global);
                    module.ImportedGlobalCount++;
                    module.Imports.Add(new ImportDefinition(moduleName, name, ExternKind.Global, 0, default, default, global));
                    break;
                default:
                    throw WasmReader.Fail("malformed import kind", r.Position - 1);
            }
        }
    }

    private static uint ReadFunctions(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            module.FunctionTypes.Add(r.ReadU32());
        }

        return count;
    }

    private static void ReadTables(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            module.Tables.Add(ReadTableType(r));
        }
    }

    private static void ReadMemories(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            module.Memories.Add(ReadLimits(r));
        }
    }

    private static void ReadGlobals(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var type = ReadGlobalType(r);
            module.Globals.Add(type);
            module.GlobalDefinitions.Add(new GlobalDefinition(type, ReadConstant(r)));
        }
    }

    private static void ReadExports(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadName();
            var kind = r.ReadByte();
            if (kind > 3)
            {
                throw WasmReader.Fail("malformed export kind", r.Position - 1);
            }

            module.Exports.Add(new ExportDefinition(name, (ExternKind)kind, r.ReadU32()));
        }
    }

    private static void ReadCode(WasmReader r, ModuleDefinition module, uint functionCount)
    {
        var count = r.ReadCount();
        if (count != functionCount)
        {
            throw WasmReader.Fail("function and code section have inconsistent lengths", r.Position);
        }

        for (var i = 0; i < count; i++)
        {
            var size = r.ReadU32();
            r.Require(size);
            var end = r.Position + (int)size;
            var body = new WasmReader(r.Bytes, r.Position, end);
            var groups = body.ReadCount();
            var locals = new List<ValueKind>();
            long total = 0;
            for (var g = 0; g < groups; g++)
            {
                var n = body.ReadU32();
                total += n;
                if (total > MaxLocals)
                {
                    throw WasmReader.Fail("too many locals", body.Position);
                }

                var kind = ReadValueType(body);
                locals.AddRange(Enumerable.Repeat(kind, (int)n));
            }

            InstructionScanner.ScanBody(r.Bytes, body.Position, end);

            module.Bodies.Add(new FunctionBody([.. locals], body.Position, end));
            r.Position = end;
        }
    }

    private static void ReadData(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var flags = r.ReadU32();
            switch (flags)
            {
                case 0:
                    var offset = ReadConstant(r);
                    module.Data.Add(new DataSegment(SegmentMode.Active, 0, offset, r.ReadBytes(r.ReadU32())));
                    break;
                case 1:
                    module.Data.Add(new DataSegment(SegmentMode.Passive, 0, null, r.ReadBytes(r.ReadU32())));
                    break;
                case 2:
                    var memory = r.ReadU32();
                    var offset2 = ReadConstant(r);
                    module.Data.Add(new DataSegment(SegmentMode.Active, memory, offset2, r.ReadBytes(r.ReadU32())));
                    break;
                default:
                    throw WasmReader.Fail("malformed data segment flags", r.Position);
            }
        }
    }
}
