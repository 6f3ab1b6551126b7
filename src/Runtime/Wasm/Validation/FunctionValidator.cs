using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Validation;

/// <summary>
/// Validates one function body with the spec's algorithm (appendix "Validation Algorithm"): an operand
/// stack of types, a stack of control frames, and the polymorphic stack after unreachable, br and return.
/// Malformed instruction encodings found on the way are decode errors.
/// </summary>
internal sealed partial class FunctionValidator
{
    private readonly ModuleDefinition _module;
    private readonly ModuleContext _context;
    private readonly int _functionIndex;
    private readonly List<ValueKind> _values = new(32);
    private readonly List<ControlFrame> _frames = new(16);
    private readonly ValueKind[] _locals;
    private readonly WasmReader _reader;
    private long _instructionStart;

    private FunctionValidator(ModuleDefinition module, ModuleContext context, int functionIndex)
    {
        _module = module;
        _context = context;
        _functionIndex = functionIndex;
        var body = module.Bodies[functionIndex - module.ImportedFunctionCount];
        var type = module.FunctionType(functionIndex);
        _locals = [.. type.Parameters, .. body.Locals];
        _reader = new WasmReader(module.Bytes, body.CodeStart, body.CodeEnd);
    }

    public static void Validate(ModuleDefinition module, ModuleContext context, int functionIndex) =>
        new FunctionValidator(module, context, functionIndex).Run();

    private void Run()
    {
        var type = _module.FunctionType(_functionIndex);
        _frames.Add(new ControlFrame { Opcode = 0x02, StartTypes = [], EndTypes = type.ResultKinds, Height = 0 });
        while (_frames.Count > 0)
        {
            if (_reader.AtEnd)
            {
                throw _reader.Fail("unexpected end of section or function");
            }

            _instructionStart = _reader.Position;
            var opcode = _reader.ReadByte();
            ValidateInstruction(opcode);
        }

        if (!_reader.AtEnd)
        {
            throw _reader.Fail("section size mismatch: operators after the function's final end");
        }
    }

    private WasmValidationException Invalid(string reason) => new(reason, _instructionStart, _functionIndex);

    private void Push(ValueKind kind) => _values.Add(kind);

    private void Push(ValueKind[] kinds)
    {
        foreach (var kind in kinds)
        {
            _values.Add(kind);
        }
    }

    private ValueKind Pop()
    {
        var frame = _frames[^1];
        if (_values.Count == frame.Height)
        {
            return frame.Unreachable ? OpcodeInfo.Unknown : throw Invalid("type mismatch: operand stack is empty");
        }

        var value = _values[^1];
        _values.RemoveAt(_values.Count - 1);
        return value;
    }

    private ValueKind Pop(ValueKind expected)
    {
        var actual = Pop();
        if (actual != expected && actual != OpcodeInfo.Unknown && expected != OpcodeInfo.Unknown)
        {
            throw Invalid($"type mismatch: expected {expected.Name()} but found {actual.Name()}");
        }

        return actual;
    }

    private void Pop(ValueKind[] expected)
    {
        for (var i = expected.Length - 1; i >= 0; i--)
        {
            Pop(expected[i]);
        }
    }

    private void PushControl(byte opcode, ValueKind[] start, ValueKind[] end)
    {
        _frames.Add(new ControlFrame { Opcode = opcode, StartTypes = start, EndTypes = end, Height = _values.Count });
        Push(start);
    }

    private ControlFrame PopControl()
    {
        if (_frames.Count == 0)
        {
            throw Invalid("unexpected end");
        }

        var frame = _frames[^1];
        Pop(frame.EndTypes);
        if (_values.Count != frame.Height)
        {
            throw Invalid("type mismatch: values remain on the stack at the end of a block");
        }

        _frames.RemoveAt(_frames.Count - 1);
        return frame;
    }

    private void MarkUnreachable()
    {
        var frame = _frames[^1];
        _values.RemoveRange(frame.Height, _values.Count - frame.Height);
        frame.Unreachable = true;
    }

    private ControlFrame Label(uint depth) =>
        depth < _frames.Count ? _frames[_frames.Count - 1 - (int)depth] : throw Invalid($"unknown label {depth}");

    private (ValueKind[] Parameters, ValueKind[] Results) ReadBlockType()
    {
        var value = _reader.ReadSigned(33);
        if (value == -64)
        {
            return ([], []);
        }

        if (value < 0)
        {
            var b = (byte)(value & 0x7F);
            return ValueKinds.IsDefined(b) ? ([], [(ValueKind)b]) : throw _reader.Fail("malformed value type in block type");
        }

        return value < _module.Types.Count
            ? (_module.Types[(int)value].ParameterKinds, _module.Types[(int)value].ResultKinds)
            : throw Invalid($"unknown type {value}");
    }

    private ValueKind Local(uint index) =>
        index < _locals.Length ? _locals[index] : throw Invalid($"unknown local {index}");

    private void RequireMemory(int index = 0)
    {
        if (index >= _module.Memories.Count)
        {
            throw Invalid($"unknown memory {index}");
        }
    }

    private TableType Table(uint index) =>
        index < _module.Tables.Count ? _module.Tables[(int)index] : throw Invalid($"unknown table {index}");

    private void ReadZeroByte()
    {
        if (_reader.ReadByte() != 0)
        {
            throw _reader.Fail("zero byte expected");
        }
    }

    private void ValidateMemoryAccess(byte opcode, bool isStore)
    {
        var align = _reader.ReadU32();
        _reader.ReadU32();
        RequireMemory();
        _context.FunctionsAccessingMemory.Add(_functionIndex);
        var (kind, sizeLog2) = OpcodeInfo.MemoryAccess(opcode);
        if (align > sizeLog2)
        {
            throw Invalid("alignment must not be larger than natural");
        }

        if (isStore)
        {
            Pop(kind);
            Pop(ValueKind.I32);
        }
        else
        {
            Pop(ValueKind.I32);
            Push(kind);
        }
    }
}
