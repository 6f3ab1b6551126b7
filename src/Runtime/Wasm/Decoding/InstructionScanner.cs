namespace Ipvm.Durable.Wasm.Decoding;

/// <summary>
/// Decodes the instruction stream of a body without typing it: opcodes, immediates, reserved zero bytes
/// and block nesting. Run by the decoder so malformed code is reported as such before validation, and by
/// the compiler to step over unreachable code.
/// </summary>
internal static class InstructionScanner
{
    public static void ScanBody(byte[] bytes, int start, int end)
    {
        var reader = new WasmReader(bytes, start, end);
        var depth = 0;
        while (true)
        {
            if (reader.AtEnd)
            {
                throw reader.Fail("unexpected end of section or function");
            }

            var position = reader.Position;
            var opcode = reader.ReadByte();
            switch (opcode)
            {
                case 0x02 or 0x03 or 0x04:
                    ReadBlockType(reader);
                    depth++;
                    break;
                case 0x0B when depth == 0:
                    if (!reader.AtEnd)
                    {
                        throw reader.Fail("section size mismatch: bytes after the function's final end");
                    }

                    return;
                case 0x0B:
                    depth--;
                    break;
                default:
                    SkipImmediates(reader, opcode, position);
                    break;
            }
        }
    }

    public static void ReadBlockType(WasmReader reader)
    {
        var value = reader.ReadSigned(33);
        if (value < 0 && value != -64 && !ValueKinds.IsDefined((byte)(value & 0x7F)))
        {
            throw reader.Fail("malformed value type in block type");
        }
    }

    public static void SkipImmediates(WasmReader reader, byte opcode, long position)
    {
        switch (opcode)
        {
            case 0x00 or 0x01 or 0x05 or 0x0F or 0x1A or 0x1B or (>= 0x45 and <= 0xC4) or 0xD1:
                break;
            case 0x0C or 0x0D or 0x10 or (>= 0x20 and <= 0x26) or 0xD2:
                reader.ReadU32();
                break;
            case 0x0E:
                var count = reader.ReadCount();
                for (var i = 0; i <= count; i++)
                {
                    reader.ReadU32();
                }

                break;
            case 0x11:
                reader.ReadU32();
                reader.ReadU32();
                break;
            case 0x1C:
                var types = reader.ReadCount();
                for (var i = 0; i < types; i++)
                {
                    ModuleDecoder.ReadValueType(reader);
                }

                break;
            case >= 0x28 and <= 0x3E:
                reader.ReadU32();
                reader.ReadU32();
                break;
            case 0x3F or 0x40:
                ZeroByte(reader);
                break;
            case 0x41: reader.ReadS32(); break;
            case 0x42: reader.ReadS64(); break;
            case 0x43: reader.ReadF32Bits(); break;
            case 0x44: reader.ReadF64Bits(); break;
            case 0xD0:
                if (reader.ReadByte() is not (0x70 or 0x6F))
                {
                    throw reader.Fail("malformed reference type");
                }

                break;
            case 0xFC:
                SkipPrefixed(reader, reader.ReadU32(), position);
                break;
            default:
                throw WasmReader.Fail($"illegal opcode 0x{opcode:x2}", position);
        }
    }

    private static void SkipPrefixed(WasmReader reader, uint sub, long position)
    {
        switch (sub)
        {
            case <= 7:
                break;
            case 8:
                reader.ReadU32();
                ZeroByte(reader);
                break;
            case 10:
                ZeroByte(reader);
                ZeroByte(reader);
                break;
            case 11:
                ZeroByte(reader);
                break;
            case 12 or 14:
                reader.ReadU32();
                reader.ReadU32();
                break;
            case 9 or 13 or 15 or 16 or 17:
                reader.ReadU32();
                break;
            default:
                throw WasmReader.Fail($"illegal opcode 0xfc {sub}", position);
        }
    }

    private static void ZeroByte(WasmReader reader)
    {
        if (reader.ReadByte() != 0)
        {
            throw reader.Fail("zero byte expected");
        }
    }
}
