using System.Text;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable;

/// <summary>Maps a function's results back to IPLD: i32/i64 to integers, f32/f64 to floats, a declared (ptr, len) to bytes or a string.</summary>
internal static class WasmResults
{
    public static IpldValue Map(Instance instance, string function, FuncType type, Value[] results, WasmResultKind? declared)
    {
        if (declared is { } kind)
        {
            if (type.Results is not [ValueKind.I64])
            {
                throw new WasmTaskException($"{function} is declared to return {Name(kind)} in {WasmResultKinds.SectionName}, so it must return one i64 (ptr | len << 32), not {type}");
            }

            return ReadOut(instance, function, results[0].AsInt64(), kind);
        }

        return results.Length switch
        {
            0 => IpldValue.Null,
            1 => Scalar(results[0], 0),
            _ => IpldList.Create(results.Select(Scalar)),
        };
    }

    private static IpldValue Scalar(Value value, int index) => value.Kind switch
    {
        ValueKind.I32 => IpldInteger.From(value.AsInt32()),
        ValueKind.I64 => IpldInteger.From(value.AsInt64()),
        ValueKind.F32 => Float(value.AsSingle(), index),
        ValueKind.F64 => Float(value.AsDouble(), index),
        _ => throw new WasmTaskException($"result {index} is a {value.Kind.ToString().ToLowerInvariant()}, which has no IPLD form"),
    };

    private static IpldFloat Float(double value, int index) => double.IsFinite(value)
        ? new IpldFloat(value)
        : throw new WasmTaskException($"result {index} is {value}, which IPLD cannot represent (floats must be finite)");

    private static IpldValue ReadOut(Instance instance, string function, long packed, WasmResultKind kind)
    {
        var pointer = (uint)packed;
        var length = (uint)(packed >>> 32);
        var memory = instance.GetMemory("memory")
            ?? throw new WasmTaskException($"{function} returns {Name(kind)}, so the module must export its memory as \"memory\"");
        if (pointer + (ulong)length > (ulong)memory.Length)
        {
            throw new WasmTaskException($"{function} returned {Name(kind)} at {pointer} of length {length}, outside the memory of {memory.Length} bytes");
        }

        var bytes = memory.Span.Slice((int)pointer, (int)length);
        if (kind == WasmResultKind.Bytes)
        {
            return new IpldBytes(bytes);
        }

        try
        {
            return new IpldString(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            throw new WasmTaskException($"{function} returned a string that is not valid UTF-8 (byte {e.Index})");
        }
    }

    private static string Name(WasmResultKind kind) => kind == WasmResultKind.Bytes ? "bytes" : "a string";
}
