using System.Text;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable;

/// <summary>
/// Maps IPLD arguments onto a function's parameters: integers to i32/i64 (range-checked), numbers to
/// f32/f64, booleans to i32 0/1, and bytes or strings to two i32 parameters (ptr, len) after copying them
/// into memory through the module's exported <c>alloc</c>.
/// </summary>
internal static class WasmArguments
{
    private static readonly Int128 I32Min = int.MinValue;
    private static readonly Int128 I32Max = uint.MaxValue;
    private static readonly Int128 I64Min = long.MinValue;
    private static readonly Int128 I64Max = ulong.MaxValue;

    public static Value[] Map(Instance instance, string function, FuncType type, IpldList arguments)
    {
        var parameters = type.Parameters;
        var values = new List<Value>(parameters.Count);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var at = values.Count;
            if (at >= parameters.Count)
            {
                throw TooMany(function, type, arguments.Count);
            }

            if (argument is IpldBytes or IpldString)
            {
                if (at + 1 >= parameters.Count || parameters[at] != ValueKind.I32 || parameters[at + 1] != ValueKind.I32)
                {
                    throw new WasmTaskException(
                        $"argument {i} of {function} is {WasmTaskInput.Describe(argument)}, which needs two i32 parameters (ptr, len) at parameter {at} of {type}");
                }

                var bytes = argument is IpldBytes b ? b.Span.ToArray() : Encoding.UTF8.GetBytes(((IpldString)argument).Value);
                values.Add(Value.FromInt32(CopyIn(instance, bytes, i)));
                values.Add(Value.FromInt32(bytes.Length));
                continue;
            }

            values.Add(Scalar(argument, parameters[at], i));
        }

        if (values.Count != parameters.Count)
        {
            throw TooMany(function, type, arguments.Count);
        }

        return [.. values];
    }

    private static Value Scalar(IpldValue argument, ValueKind kind, int index) => (argument, kind) switch
    {
        (IpldInteger n, ValueKind.I32) => Value.FromInt32((int)(uint)CheckRange(n.Value, I32Min, I32Max, index, "i32")),
        (IpldInteger n, ValueKind.I64) => Value.FromInt64((long)(ulong)CheckRange(n.Value, I64Min, I64Max, index, "i64")),
        (IpldBool b, ValueKind.I32) => Value.FromInt32(b.Value ? 1 : 0),
        (IpldInteger n, ValueKind.F64) => Value.FromDouble((double)n.Value),
        (IpldFloat f, ValueKind.F64) => Value.FromDouble(f.Value),
        (IpldInteger n, ValueKind.F32) => Value.FromSingle(ToSingle((double)n.Value, index)),
        (IpldFloat f, ValueKind.F32) => Value.FromSingle(ToSingle(f.Value, index)),
        _ => throw new WasmTaskException($"argument {index} is {WasmTaskInput.Describe(argument)}, which cannot be passed as {kind.ToString().ToLowerInvariant()}"),
    };

    private static Int128 CheckRange(Int128 value, Int128 min, Int128 max, int index, string kind) =>
        value >= min && value <= max
            ? value // the casts above keep the low bits: two's complement for negatives, unsigned above the signed range
            : throw new WasmTaskException($"argument {index} ({value}) is out of range for {kind}: {min} to {max}");

    private static float ToSingle(double value, int index)
    {
        var single = (float)value;
        return float.IsFinite(single) || !double.IsFinite(value)
            ? single
            : throw new WasmTaskException($"argument {index} ({value}) is out of range for f32: ±{float.MaxValue}");
    }

    private static int CopyIn(Instance instance, byte[] bytes, int index)
    {
        var alloc = instance.GetFunction("alloc");
        if (alloc is null || alloc.Type.Parameters is not [ValueKind.I32] || alloc.Type.Results is not [ValueKind.I32])
        {
            throw new WasmTaskException($"argument {index} is bytes or a string, so the module must export alloc(len: i32) -> i32");
        }

        var memory = instance.GetMemory("memory")
            ?? throw new WasmTaskException($"argument {index} is bytes or a string, so the module must export its memory as \"memory\"");
        var pointer = (uint)alloc.Call(Value.FromInt32(bytes.Length))[0].AsInt32();
        if (pointer == 0 && bytes.Length > 0)
        {
            throw new WasmTaskException($"alloc({bytes.Length}) for argument {index} returned 0 (out of memory?)");
        }

        if (pointer + (ulong)bytes.Length > (ulong)memory.Length)
        {
            throw new WasmTaskException($"alloc({bytes.Length}) for argument {index} returned {pointer}, outside the memory of {memory.Length} bytes");
        }

        bytes.CopyTo(memory.Span[(int)pointer..]);
        return (int)pointer;
    }

    private static WasmTaskException TooMany(string function, FuncType type, int count) =>
        new($"{function} takes {type} but was given {count} argument(s) (bytes and strings take two i32 parameters each)");
}
