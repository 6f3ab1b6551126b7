namespace Ipvm.Durable.Wasm.Decoding;

/// <summary>
/// Decodes a WebAssembly 2.0 binary into a <see cref="ModuleDefinition"/>. Checks the structure only
/// (section order and sizes, encodings, counts against the bytes that remain); types and indices are the
/// validator's job. Function bodies are located here and decoded instruction by instruction later.
/// </summary>
internal static partial class ModuleDecoder
{
    /// <summary>More locals than this in one function is rejected before any allocation (wasmtime's bound).</summary>
    public const int MaxLocals = 50_000;

    public static ModuleDefinition Decode(byte[] bytes)
    {
        var reader = new WasmReader(bytes, 0, bytes.Length);
        ReadHeader(reader);
        var module = new ModuleDefinition { Bytes = bytes };
        var lastId = 0;
        uint? functionCount = null;
        while (!reader.AtEnd)
        {
            var sectionStart = reader.Position;
            var id = reader.ReadByte();
            var size = reader.ReadU32();
            reader.Require(size, "section size mismatch: unexpected end");
            var end = reader.Position + (int)size;
            if (id != 0)
            {
                var order = SectionOrder(id, sectionStart);
                if (order <= lastId)
                {
                    throw WasmReader.Fail("unexpected content after last section (section out of order or repeated)", sectionStart);
                }

                lastId = order;
            }

            var section = new WasmReader(bytes, reader.Position, end);
            switch (id)
            {
                case 0: ReadCustom(section); break;
                case 1: ReadTypes(section, module); break;
                case 2: ReadImports(section, module); break;
                case 3: functionCount = ReadFunctions(section, module); break;
                case 4: ReadTables(section, module); break;
                case 5: ReadMemories(section, module); break;
                case 6: ReadGlobals(section, module); break;
                case 7: ReadExports(section, module); break;
                case 8: module.StartFunction = section.ReadU32(); break;
                case 9: ReadElements(section, module); break;
                case 10: ReadCode(section, module, functionCount ?? 0); functionCount = null; break;
                case 11: ReadData(section, module); break;
                case 12: module.DataCount = section.ReadU32(); break;
            }

            if (section.Position != end)
            {
                throw WasmReader.Fail("section size mismatch", section.Position);
            }

            reader.Position = end;
        }

        if (functionCount is > 0)
        {
            throw WasmReader.Fail("function and code section have inconsistent lengths", bytes.Length);
        }

        if (module.DataCount is { } dataCount && dataCount != module.Data.Count)
        {
            throw WasmReader.Fail("data count and data section have inconsistent lengths", bytes.Length);
        }

        return module;
    }

    private static void ReadHeader(WasmReader reader)
    {
        if (reader.End < 4 || reader.ReadByte() != 0 || reader.ReadByte() != 0x61 || reader.ReadByte() != 0x73 || reader.ReadByte() != 0x6D)
        {
            throw WasmReader.Fail("magic header not detected", 0);
        }

        if (reader.End < 8 || reader.ReadByte() != 1 || reader.ReadByte() != 0 || reader.ReadByte() != 0 || reader.ReadByte() != 0)
        {
            throw WasmReader.Fail("unknown binary version", 4);
        }
    }

    /// <summary>The data count section (12) sits between element (9) and code (10).</summary>
    private static int SectionOrder(byte id, int offset) => id switch
    {
        >= 1 and <= 9 => id,
        12 => 10,
        10 => 11,
        11 => 12,
        _ => throw WasmReader.Fail("malformed section id", offset),
    };

    private static void ReadCustom(WasmReader section)
    {
        section.ReadName();
        section.Position = section.End;
    }
}
