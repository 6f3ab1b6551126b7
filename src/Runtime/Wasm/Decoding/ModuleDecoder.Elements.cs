namespace Ipvm.Durable.Wasm.Decoding;

internal static partial class ModuleDecoder
{
    private static void ReadElements(WasmReader r, ModuleDefinition module)
    {
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var start = r.Position;
            var flags = r.ReadU32();
            if (flags > 7)
            {
                throw WasmReader.Fail("malformed elements segment kind", start);
            }

            var passiveOrDeclarative = (flags & 1) != 0;
            var explicitTable = (flags & 2) != 0;
            var usesExpressions = (flags & 4) != 0;
            var mode = !passiveOrDeclarative ? SegmentMode.Active : explicitTable ? SegmentMode.Declarative : SegmentMode.Passive;
            uint table = 0;
            ConstantExpression? offset = null;
            if (mode == SegmentMode.Active)
            {
                if (explicitTable)
                {
                    table = r.ReadU32();
                }

                offset = ReadConstant(r);
            }

            var kind = ValueKind.FuncRef;
            if (passiveOrDeclarative || explicitTable)
            {
                if (usesExpressions)
                {
                    kind = ReadReferenceType(r);
                }
                else if (r.ReadByte() != 0x00)
                {
                    throw WasmReader.Fail("malformed element kind", r.Position - 1);
                }
            }

            var itemCount = r.ReadCount();
            var items = new ConstantExpression[itemCount];
            for (var k = 0; k < itemCount; k++)
            {
                items[k] = usesExpressions
                    ? ReadConstant(r)
                    : new ConstantExpression(0xD2, r.ReadU32(), r.Position);
            }

            module.Elements.Add(new ElementSegment(mode, table, offset, kind, items, start));
        }
    }

    /// <summary>Reads a constant expression up to its end opcode; more than one instruction is kept for the validator to reject.</summary>
    private static ConstantExpression ReadConstant(WasmReader r)
    {
        var start = r.Position;
        ConstantExpression? first = null;
        var extra = 0;
        while (true)
        {
            var opcode = r.ReadByte();
            if (opcode == 0x0B)
            {
                break;
            }

            ConstantExpression current = opcode switch
            {
                0x41 => new ConstantExpression(opcode, r.ReadS32(), start),
                0x42 => new ConstantExpression(opcode, r.ReadS64(), start),
                0x43 => new ConstantExpression(opcode, r.ReadF32Bits(), start),
                0x44 => new ConstantExpression(opcode, r.ReadF64Bits(), start),
                0x23 or 0xD2 => new ConstantExpression(opcode, r.ReadU32(), start),
                0xD0 => new ConstantExpression(opcode, 0, start) { RefKind = ReadReferenceType(r) },
                _ => SkipNonConstant(r, opcode, start),
            };
            if (first is null)
            {
                first = current;
            }
            else
            {
                extra++;
            }
        }

        return (first ?? new ConstantExpression(0x0B, 0, start)) with { ExtraInstructions = extra };
    }

    /// <summary>
    /// A non-constant instruction in a constant expression is a validation error, so it is recorded
    /// (opcode 0x01 with the real opcode as bits) after skipping its immediates where they are simple.
    /// </summary>
    private static ConstantExpression SkipNonConstant(WasmReader r, byte opcode, int start)
    {
        switch (opcode)
        {
            case 0x20 or 0x21 or 0x22 or 0x24 or 0x10 or 0x0C or 0x0D:
                r.ReadU32();
                break;
            case 0x02 or 0x03 or 0x04:
                r.ReadSigned(33);
                break;
            case >= 0x45 and <= 0xC4:
            case 0x00 or 0x01 or 0x1A or 0x1B or 0x0F or 0x05 or 0xD1:
                break;
            default:
                throw WasmReader.Fail("illegal opcode in constant expression", r.Position - 1);
        }

        return new ConstantExpression(0x01, opcode, start);
    }
}
