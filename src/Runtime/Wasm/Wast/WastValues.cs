using System.Globalization;
using System.Text.Json;

namespace Ipvm.Durable.Wasm.Wast;

/// <summary>Reads wast2json values and compares results with expectations (NaN patterns included).</summary>
internal static class WastValues
{
    public static bool IsVector(JsonElement value) => value.GetProperty("type").GetString() == "v128";

    public static Value Parse(JsonElement value)
    {
        var type = value.GetProperty("type").GetString();
        var text = value.TryGetProperty("value", out var v) ? v.GetString() : null;
        return type switch
        {
            "i32" => Value.FromInt32((int)ParseUnsigned(text)),
            "i64" => Value.FromInt64((long)ParseUnsigned(text)),
            "f32" => Value.FromSingleBits((int)ParseUnsigned(text)),
            "f64" => Value.FromDoubleBits((long)ParseUnsigned(text)),
            "externref" => Value.FromExtern(text is null or "null" ? null : new SpecExternReference(ParseUnsigned(text))),
            "funcref" => text is null or "null" ? Value.FromFunction(null) : throw new NotSupportedException("funcref argument"),
            _ => throw new NotSupportedException($"value type {type}"),
        };
    }

    private static ulong ParseUnsigned(string? text) => ulong.Parse(text ?? "0", CultureInfo.InvariantCulture);

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>, else what differs.</summary>
    public static string? Compare(JsonElement expected, Value actual)
    {
        var type = expected.GetProperty("type").GetString();
        var text = expected.TryGetProperty("value", out var v) ? v.GetString() : null;
        var kindOk = type switch
        {
            "i32" => actual.Kind == ValueKind.I32,
            "i64" => actual.Kind == ValueKind.I64,
            "f32" => actual.Kind == ValueKind.F32,
            "f64" => actual.Kind == ValueKind.F64,
            "externref" => actual.Kind == ValueKind.ExternRef,
            "funcref" => actual.Kind == ValueKind.FuncRef,
            _ => false,
        };
        if (!kindOk)
        {
            return $"expected {type}, got {actual.Kind.Name()}";
        }

        bool matches;
        switch (type)
        {
            case "f32" when text is "nan:canonical":
                matches = ((int)actual.Bits & 0x7FFFFFFF) == 0x7FC00000;
                break;
            case "f32" when text is "nan:arithmetic":
                matches = ((int)actual.Bits & 0x7FC00000) == 0x7FC00000;
                break;
            case "f64" when text is "nan:canonical":
                matches = (actual.Bits & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000;
                break;
            case "f64" when text is "nan:arithmetic":
                matches = (actual.Bits & 0x7FF8000000000000) == 0x7FF8000000000000;
                break;
            case "externref" or "funcref":
                matches = text switch
                {
                    null => actual.Reference is not null,
                    "null" => actual.Reference is null,
                    _ => Equals(actual.Reference, new SpecExternReference(ParseUnsigned(text))),
                };
                break;
            default:
                matches = actual.Bits == Parse(expected).Bits;
                break;
        }

        return matches ? null : $"expected {type} {text}, got {Describe(actual)}";
    }

    private static string Describe(Value value) => value.Kind switch
    {
        ValueKind.F32 => $"{value} (bits 0x{(uint)value.Bits:x8})",
        ValueKind.F64 => $"{value} (bits 0x{value.Bits:x16})",
        _ => value.ToString(),
    };
}
