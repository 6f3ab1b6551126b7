using System.Reflection.Emit;
using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void EmitInstruction(byte opcode)
    {
        switch (opcode)
        {
            case 0x00: EmitUnreachable(); break;
            case 0x01: break;
            case 0x02 or 0x03: EnterBlock(opcode); break;
            case 0x04: EnterIf(); break;
            case 0x05: EmitElse(); break;
            case 0x0B: EmitEnd(); break;
            case 0x0C: EmitBranchInstruction(); break;
            case 0x0D: EmitBranchIf(); break;
            case 0x0E: EmitBranchTable(); break;
            case 0x0F: EmitReturn(); break;
            case 0x10: EmitCall(); break;
            case 0x11: EmitCallIndirect(); break;
            case 0x1A:
                Pop();
                _il.Emit(OpCodes.Pop);
                break;
            case 0x1B: EmitSelect(); break;
            case 0x1C:
                _reader.ReadU32();
                ModuleDecoder.ReadValueType(_reader);
                EmitSelect();
                break;
            case 0x20: EmitLocalGet(_reader.ReadU32()); break;
            case 0x21: EmitLocalSet(_reader.ReadU32()); break;
            case 0x22:
            {
                var index = _reader.ReadU32();
                CanonicalizeTopInPlace();
                _il.Emit(OpCodes.Dup);
                Push(_stack.Peek().Kind);
                EmitLocalSet(index);
                _stack.Pop();
                _stack.Push(_localKinds[index], dirty: false, local: (int)index);
                break;
            }

            case 0x23: EmitGlobalGet((int)_reader.ReadU32()); break;
            case 0x24: EmitGlobalSet((int)_reader.ReadU32()); break;
            case 0x25: EmitTableGet(); break;
            case 0x26: EmitTableSet(); break;
            case >= 0x28 and <= 0x35: EmitLoad(opcode); break;
            case >= 0x36 and <= 0x3E: EmitStore(opcode); break;
            case 0x3F:
                _reader.ReadByte();
                LoadContext();
                Call(typeof(MemoryOps), nameof(MemoryOps.Size));
                Push(ValueKind.I32);
                break;
            case 0x40:
                _reader.ReadByte();
                LoadContext();
                Call(typeof(MemoryOps), nameof(MemoryOps.Grow));
                ReloadMemory();
                break;
            case 0x41:
                _il.Emit(OpCodes.Ldc_I4, _reader.ReadS32());
                Push(ValueKind.I32);
                break;
            case 0x42:
                _il.Emit(OpCodes.Ldc_I8, _reader.ReadS64());
                Push(ValueKind.I64);
                break;
            case 0x43:
            {
                // The JIT folds float constants through double, which would quiet a signaling NaN.
                var bits = _reader.ReadF32Bits();
                _il.Emit(OpCodes.Ldc_I4, bits);
                Call(float.IsNaN(BitConverter.Int32BitsToSingle(bits)) ? typeof(NumericOps) : typeof(BitConverter), nameof(BitConverter.Int32BitsToSingle));
                Push(ValueKind.F32);
                break;
            }

            case 0x44:
            {
                var bits = _reader.ReadF64Bits();
                _il.Emit(OpCodes.Ldc_I8, bits);
                Call(double.IsNaN(BitConverter.Int64BitsToDouble(bits)) ? typeof(NumericOps) : typeof(BitConverter), nameof(BitConverter.Int64BitsToDouble));
                Push(ValueKind.F64);
                break;
            }

            case >= 0x45 and <= 0xC4: EmitNumeric(opcode); break;
            case 0xD0:
                _il.Emit(OpCodes.Ldnull);
                Push((ValueKind)_reader.ReadByte());
                break;
            case 0xD1:
                Pop();
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                Push(ValueKind.I32);
                break;
            case 0xD2:
                LoadContext();
                _il.Emit(OpCodes.Ldfld, Field<InstanceContext>(nameof(InstanceContext.Functions)));
                _il.Emit(OpCodes.Ldc_I4, (int)_reader.ReadU32());
                _il.Emit(OpCodes.Ldelem_Ref);
                Push(ValueKind.FuncRef);
                break;
            case 0xFC: EmitPrefixed(_reader.ReadU32()); break;
            default:
                throw new NotSupportedException($"opcode 0x{opcode:x2} reached the compiler unvalidated");
        }
    }

    private void EmitSelect()
    {
        Pop();
        var secondSlot = _stack.Pop();
        var firstSlot = _stack.Pop();
        var kind = firstSlot.Kind;
        _stack.Push(kind, firstSlot.Dirty || secondSlot.Dirty);
        var condition = Temporary(ValueKind.I32, 500);
        var second = Temporary(kind, 501);
        var first = Temporary(kind, 502);
        _il.Emit(OpCodes.Stloc, condition);
        _il.Emit(OpCodes.Stloc, second);
        _il.Emit(OpCodes.Stloc, first);
        _spilledSlots += _stack.Count;
        var pickFirst = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, condition);
        _il.Emit(OpCodes.Brtrue, pickFirst);
        _il.Emit(OpCodes.Ldloc, second);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(pickFirst);
        _il.Emit(OpCodes.Ldloc, first);
        _il.MarkLabel(done);
    }

    /// <summary>In unreachable code: nothing is emitted, but immediates are read and nesting is tracked.</summary>
    private void SkipDeadInstruction(byte opcode)
    {
        switch (opcode)
        {
            case 0x02 or 0x03 or 0x04:
                _reader.ReadSigned(33);
                _deadDepth++;
                return;
            case 0x05:
                if (_deadDepth == 0)
                {
                    EmitElse();
                }

                return;
            case 0x0B:
                if (_deadDepth > 0)
                {
                    _deadDepth--;
                }
                else
                {
                    EmitEnd();
                }

                return;
            default:
                SkipImmediates(opcode);
                return;
        }
    }

    private void SkipImmediates(byte opcode) => InstructionScanner.SkipImmediates(_reader, opcode, _reader.Position - 1);
}
