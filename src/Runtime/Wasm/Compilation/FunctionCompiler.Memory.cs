using System.Reflection.Emit;
using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// With an i32 address on the stack: computes address + offset in 64 bits, traps unless the access
    /// fits in the cached memory length, and leaves a managed pointer to the first byte.
    /// </summary>
    private void EmitAddress(int sizeLog2, StackSlot address)
    {
        _reader.ReadU32();
        var offset = _reader.ReadU32();
        var effective = Temporary(ValueKind.I64, 400);
        _il.Emit(OpCodes.Conv_U8);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Add);
        }

        _il.Emit(OpCodes.Stloc, effective);
        var end = (long)offset + (1L << sizeLog2);
        if (address.Local >= 0)
        {
            // Memory never shrinks, so a check of the same unchanged local in this basic block still holds.
            if (_checkedEnds.TryGetValue(address.Local, out var checkedEnd) && checkedEnd >= end)
            {
                EmitPointer(effective);
                return;
            }

            _checkedEnds[address.Local] = Math.Max(end, checkedEnd);
        }

        var ok = _il.DefineLabel();
        _spilledSlots += _stack.Count;
        // Signed: with a memory smaller than the access the limit is negative and every address fails.
        _il.Emit(OpCodes.Ldloc, effective);
        _il.Emit(OpCodes.Ldloc, _memoryLimits[sizeLog2]);
        _il.Emit(OpCodes.Ble, ok);
        Call(typeof(Traps), nameof(Traps.MemoryOutOfBounds));
        _il.MarkLabel(ok);
        EmitPointer(effective);
    }

    private void EmitPointer(LocalBuilder effective)
    {
        _il.Emit(OpCodes.Ldloc, _memoryBase!);
        _il.Emit(OpCodes.Ldloc, effective);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Add);
    }

    private void EmitLoad(byte opcode)
    {
        var (kind, sizeLog2) = OpcodeInfo.MemoryAccess(opcode);
        EmitAddress(sizeLog2, _stack.Pop());
        _il.Emit(OpCodes.Unaligned, (byte)1);
        switch (opcode)
        {
            case 0x28: _il.Emit(OpCodes.Ldind_I4); break;
            case 0x29: _il.Emit(OpCodes.Ldind_I8); break;
            case 0x2A: _il.Emit(OpCodes.Ldind_R4); break;
            case 0x2B: _il.Emit(OpCodes.Ldind_R8); break;
            case 0x2C: _il.Emit(OpCodes.Ldind_I1); break;
            case 0x2D: _il.Emit(OpCodes.Ldind_U1); break;
            case 0x2E: _il.Emit(OpCodes.Ldind_I2); break;
            case 0x2F: _il.Emit(OpCodes.Ldind_U2); break;
            case 0x30:
                _il.Emit(OpCodes.Ldind_I1);
                _il.Emit(OpCodes.Conv_I8);
                break;
            case 0x31:
                _il.Emit(OpCodes.Ldind_U1);
                _il.Emit(OpCodes.Conv_U8);
                break;
            case 0x32:
                _il.Emit(OpCodes.Ldind_I2);
                _il.Emit(OpCodes.Conv_I8);
                break;
            case 0x33:
                _il.Emit(OpCodes.Ldind_U2);
                _il.Emit(OpCodes.Conv_U8);
                break;
            case 0x34:
                _il.Emit(OpCodes.Ldind_I4);
                _il.Emit(OpCodes.Conv_I8);
                break;
            default:
                _il.Emit(OpCodes.Ldind_U4);
                _il.Emit(OpCodes.Conv_U8);
                break;
        }

        Push(kind);
    }

    private void EmitStore(byte opcode)
    {
        var (kind, sizeLog2) = OpcodeInfo.MemoryAccess(opcode);
        CanonicalizeTopInPlace();
        Pop();
        var address = _stack.Pop();
        var value = Temporary(kind, 401);
        _il.Emit(OpCodes.Stloc, value);
        EmitAddress(sizeLog2, address);
        _il.Emit(OpCodes.Ldloc, value);
        if (kind == ValueKind.I64 && sizeLog2 < 3)
        {
            _il.Emit(OpCodes.Conv_I4);
        }

        _il.Emit(OpCodes.Unaligned, (byte)1);
        switch (opcode)
        {
            case 0x36 or 0x3E: _il.Emit(OpCodes.Stind_I4); break;
            case 0x37: _il.Emit(OpCodes.Stind_I8); break;
            case 0x38: _il.Emit(OpCodes.Stind_R4); break;
            case 0x39: _il.Emit(OpCodes.Stind_R8); break;
            case 0x3A or 0x3C: _il.Emit(OpCodes.Stind_I1); break;
            default: _il.Emit(OpCodes.Stind_I2); break;
        }
    }

    /// <summary>The 0xFC prefix: saturating truncation, bulk memory and table instructions.</summary>
    private void EmitPrefixed(uint sub)
    {
        switch (sub)
        {
            case <= 7:
                Pop();
                Push(OpcodeInfo.SaturatingTruncation(sub).To);
                Conversion(sub switch
                {
                    0 => nameof(ConversionOps.SatF32ToI32S),
                    1 => nameof(ConversionOps.SatF32ToI32U),
                    2 => nameof(ConversionOps.SatF64ToI32S),
                    3 => nameof(ConversionOps.SatF64ToI32U),
                    4 => nameof(ConversionOps.SatF32ToI64S),
                    5 => nameof(ConversionOps.SatF32ToI64U),
                    6 => nameof(ConversionOps.SatF64ToI64S),
                    _ => nameof(ConversionOps.SatF64ToI64U),
                });
                break;
            case 8:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                _reader.ReadByte();
                CallRuntime(typeof(MemoryOps), nameof(MemoryOps.Init), pops: 3);
                break;
            case 9:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(MemoryOps), nameof(MemoryOps.DropData), pops: 0);
                break;
            case 10:
                _reader.ReadByte();
                _reader.ReadByte();
                CallRuntime(typeof(MemoryOps), nameof(MemoryOps.Copy), pops: 3);
                break;
            case 11:
                _reader.ReadByte();
                CallRuntime(typeof(MemoryOps), nameof(MemoryOps.Fill), pops: 3);
                break;
            case 12:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(TableOps), nameof(TableOps.Init), pops: 3);
                break;
            case 13:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(TableOps), nameof(TableOps.DropElements), pops: 0);
                break;
            case 14:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(TableOps), nameof(TableOps.Copy), pops: 3);
                break;
            case 15:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(TableOps), nameof(TableOps.Grow), pops: 2);
                Push(ValueKind.I32);
                break;
            case 16:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(TableOps), nameof(TableOps.Size), pops: 0);
                Push(ValueKind.I32);
                break;
            default:
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                CallRuntime(typeof(TableOps), nameof(TableOps.Fill), pops: 3);
                break;
        }
    }

    /// <summary>Calls a runtime helper whose trailing parameter is the instance context.</summary>
    private void CallRuntime(Type type, string name, int pops)
    {
        _spilledSlots += _stack.Count;
        LoadContext();
        Call(type, name);
        PopMany(pops);
    }

    private void EmitTableGet()
    {
        var table = (int)_reader.ReadU32();
        _il.Emit(OpCodes.Ldc_I4, table);
        CallRuntime(typeof(TableOps), nameof(TableOps.Get), pops: 1);
        Push(_module.Tables[table].ElementKind);
    }

    private void EmitTableSet()
    {
        _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
        CallRuntime(typeof(TableOps), nameof(TableOps.Set), pops: 2);
    }
}
