using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>The 0xFC prefix: saturating truncation, bulk memory and table instructions.</summary>
    private void ValidatePrefixed(uint sub)
    {
        switch (sub)
        {
            case <= 7:
            {
                var (from, to) = OpcodeInfo.SaturatingTruncation(sub);
                Pop(from);
                Push(to);
                break;
            }

            case 8:
            {
                var segment = _reader.ReadU32();
                ReadZeroByte();
                RequireMemory();
                RequireData(segment);
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                break;
            }

            case 9: RequireData(_reader.ReadU32()); break;
            case 10:
                ReadZeroByte();
                ReadZeroByte();
                RequireMemory();
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                break;
            case 11:
                ReadZeroByte();
                RequireMemory();
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                break;
            case 12:
            {
                var segment = Element(_reader.ReadU32());
                var table = Table(_reader.ReadU32());
                if (segment.ElementKind != table.ElementKind)
                {
                    throw Invalid("type mismatch: element segment and table types differ");
                }

                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                break;
            }

            case 13: Element(_reader.ReadU32()); break;
            case 14:
            {
                var destination = Table(_reader.ReadU32());
                var source = Table(_reader.ReadU32());
                if (destination.ElementKind != source.ElementKind)
                {
                    throw Invalid("type mismatch: table.copy between tables of different types");
                }

                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                Pop(ValueKind.I32);
                break;
            }

            case 15:
            {
                var table = Table(_reader.ReadU32());
                Pop(ValueKind.I32);
                Pop(table.ElementKind);
                Push(ValueKind.I32);
                break;
            }

            case 16:
                Table(_reader.ReadU32());
                Push(ValueKind.I32);
                break;
            case 17:
            {
                var table = Table(_reader.ReadU32());
                Pop(ValueKind.I32);
                Pop(table.ElementKind);
                Pop(ValueKind.I32);
                break;
            }

            default:
                throw new WasmDecodeException($"illegal opcode 0xfc {sub}", _instructionStart);
        }
    }

    private void RequireData(uint index)
    {
        if (_module.DataCount is not { } count)
        {
            // Without segments the index is simply unknown; with segments the binary lacks its data count.
            if (_module.Data.Count == 0)
            {
                throw Invalid($"unknown data segment {index}");
            }

            throw new WasmDecodeException("data count section required", _instructionStart);
        }

        if (index >= count)
        {
            throw Invalid($"unknown data segment {index}");
        }
    }

    private ElementSegment Element(uint index) =>
        index < _module.Elements.Count ? _module.Elements[(int)index] : throw Invalid($"unknown elem segment {index}");
}
