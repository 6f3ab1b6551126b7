using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    private void ValidateInstruction(byte opcode)
    {
        switch (opcode)
        {
            case 0x00: MarkUnreachable(); break;
            case 0x01: break;
            case 0x02 or 0x03:
            {
                var (parameters, results) = ReadBlockType();
                Pop(parameters);
                PushControl(opcode, parameters, results);
                break;
            }

            case 0x04:
            {
                var (parameters, results) = ReadBlockType();
                Pop(ValueKind.I32);
                Pop(parameters);
                PushControl(opcode, parameters, results);
                break;
            }

            case 0x05:
            {
                var frame = PopControl();
                if (frame.Opcode != 0x04)
                {
                    throw Invalid("else without a matching if");
                }

                PushControl(0x05, frame.StartTypes, frame.EndTypes);
                break;
            }

            case 0x0B:
            {
                var frame = PopControl();
                if (frame.Opcode == 0x04 && !frame.StartTypes.AsSpan().SequenceEqual(frame.EndTypes))
                {
                    throw Invalid("type mismatch: if without else must leave its parameters as results");
                }

                Push(frame.EndTypes);
                break;
            }

            case 0x0C:
                Pop(Label(_reader.ReadU32()).LabelTypes);
                MarkUnreachable();
                break;
            case 0x0D:
            {
                var label = Label(_reader.ReadU32()).LabelTypes;
                Pop(ValueKind.I32);
                Pop(label);
                Push(label);
                break;
            }

            case 0x0E: ValidateBranchTable(); break;
            case 0x0F:
                Pop(_frames[0].EndTypes);
                MarkUnreachable();
                break;
            case 0x10:
            {
                var index = _reader.ReadU32();
                if (index >= _module.FunctionTypes.Count)
                {
                    throw Invalid($"unknown function {index}");
                }

                var type = _module.FunctionType((int)index);
                Pop(type.ParameterKinds);
                Push(type.ResultKinds);
                break;
            }

            case 0x11:
            {
                var typeIndex = _reader.ReadU32();
                var table = Table(_reader.ReadU32());
                if (typeIndex >= _module.Types.Count)
                {
                    throw Invalid($"unknown type {typeIndex}");
                }

                if (table.ElementKind != ValueKind.FuncRef)
                {
                    throw Invalid("type mismatch: call_indirect through a table of externref");
                }

                Pop(ValueKind.I32);
                var type = _module.Types[(int)typeIndex];
                Pop(type.ParameterKinds);
                Push(type.ResultKinds);
                break;
            }

            case 0x1A: Pop(); break;
            case 0x1B: ValidateSelect(null); break;
            case 0x1C:
            {
                var count = _reader.ReadU32();
                if (count != 1)
                {
                    throw Invalid("invalid result arity for select");
                }

                ValidateSelect(ModuleDecoder.ReadValueType(_reader));
                break;
            }

            case 0x20: Push(Local(_reader.ReadU32())); break;
            case 0x21: Pop(Local(_reader.ReadU32())); break;
            case 0x22:
            {
                var kind = Local(_reader.ReadU32());
                Pop(kind);
                Push(kind);
                break;
            }

            case 0x23: Push(Global(_reader.ReadU32()).Kind); break;
            case 0x24:
            {
                var global = Global(_reader.ReadU32());
                if (!global.Mutable)
                {
                    throw Invalid("global is immutable");
                }

                Pop(global.Kind);
                break;
            }

            case 0x25:
                Pop(ValueKind.I32);
                Push(Table(_reader.ReadU32()).ElementKind);
                break;
            case 0x26:
                Pop(Table(_reader.ReadU32()).ElementKind);
                Pop(ValueKind.I32);
                break;
            case >= 0x28 and <= 0x35: ValidateMemoryAccess(opcode, isStore: false); break;
            case >= 0x36 and <= 0x3E: ValidateMemoryAccess(opcode, isStore: true); break;
            case 0x3F:
                ReadZeroByte();
                RequireMemory();
                Push(ValueKind.I32);
                break;
            case 0x40:
                ReadZeroByte();
                RequireMemory();
                Pop(ValueKind.I32);
                Push(ValueKind.I32);
                break;
            case 0x41: _reader.ReadS32(); Push(ValueKind.I32); break;
            case 0x42: _reader.ReadS64(); Push(ValueKind.I64); break;
            case 0x43: _reader.ReadF32Bits(); Push(ValueKind.F32); break;
            case 0x44: _reader.ReadF64Bits(); Push(ValueKind.F64); break;
            case >= 0x45 and <= 0xC4:
            {
                var (first, second, result) = OpcodeInfo.Numeric(opcode);
                if (second != OpcodeInfo.Unknown)
                {
                    Pop(second);
                }

                Pop(first);
                Push(result);
                break;
            }

            case 0xD0:
            {
                var b = _reader.ReadByte();
                if (b is not (0x70 or 0x6F))
                {
                    throw _reader.Fail("malformed reference type");
                }

                Push((ValueKind)b);
                break;
            }

            case 0xD1:
            {
                var kind = Pop();
                if (kind != OpcodeInfo.Unknown && !kind.IsReference())
                {
                    throw Invalid("type mismatch: ref.is_null expects a reference");
                }

                Push(ValueKind.I32);
                break;
            }

            case 0xD2:
            {
                var index = _reader.ReadU32();
                if (index >= _module.FunctionTypes.Count)
                {
                    throw Invalid($"unknown function {index}");
                }

                if (!_context.DeclaredFunctionReferences.Contains(index))
                {
                    throw Invalid("undeclared function reference");
                }

                Push(ValueKind.FuncRef);
                break;
            }

            case 0xFC: ValidatePrefixed(_reader.ReadU32()); break;
            default:
                throw new WasmDecodeException($"illegal opcode 0x{opcode:x2}", _instructionStart);
        }
    }

    private GlobalType Global(uint index) =>
        index < _module.Globals.Count ? _module.Globals[(int)index] : throw Invalid($"unknown global {index}");

    private void ValidateSelect(ValueKind? annotated)
    {
        Pop(ValueKind.I32);
        if (annotated is { } kind)
        {
            Pop(kind);
            Pop(kind);
            Push(kind);
            return;
        }

        var first = Pop();
        var second = Pop();
        if (first.IsReference() || second.IsReference() || first == ValueKind.V128 || second == ValueKind.V128)
        {
            throw Invalid("type mismatch: select without a type needs numeric operands");
        }

        if (first != second && first != OpcodeInfo.Unknown && second != OpcodeInfo.Unknown)
        {
            throw Invalid("type mismatch: select operands differ");
        }

        Push(first == OpcodeInfo.Unknown ? second : first);
    }

    private void ValidateBranchTable()
    {
        var count = _reader.ReadCount();
        var targets = new uint[count];
        for (var i = 0; i < count; i++)
        {
            targets[i] = _reader.ReadU32();
        }

        var defaultTypes = Label(_reader.ReadU32()).LabelTypes;
        Pop(ValueKind.I32);
        foreach (var target in targets)
        {
            var types = Label(target).LabelTypes;
            if (types.Length != defaultTypes.Length)
            {
                throw Invalid("type mismatch: br_table targets have different arities");
            }

            // Each target checks the same stack top, which may be partly unknown on a polymorphic stack.
            var popped = new ValueKind[types.Length];
            for (var k = types.Length - 1; k >= 0; k--)
            {
                popped[k] = Pop(types[k]);
            }

            Push(popped);
        }

        Pop(defaultTypes);
        MarkUnreachable();
    }
}
