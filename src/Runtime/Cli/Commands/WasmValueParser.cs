using System.Globalization;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>Parses command-line arguments by a function's parameter types (decimal or 0x-hex integers, invariant floats).</summary>
internal static class WasmValueParser
{
    public static Value[] Parse(FuncType type, string[] arguments)
    {
        if (arguments.Length != type.Parameters.Count)
        {
            throw new CliException($"the function takes {type.Parameters.Count} arguments {type}, {arguments.Length} given");
        }

        var values = new Value[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = ParseOne(type.Parameters[i], arguments[i]) ?? throw new CliException($"argument {i + 1} '{arguments[i]}' is not a valid {type.Parameters[i]}");
        }

        return values;
    }

    private static Value? ParseOne(ValueKind kind, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return kind switch
        {
            ValueKind.I32 when hex && uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, invariant, out var u) => Value.FromInt32((int)u),
            ValueKind.I32 when int.TryParse(text, NumberStyles.Integer, invariant, out var i) => Value.FromInt32(i),
            ValueKind.I32 when uint.TryParse(text, NumberStyles.Integer, invariant, out var u) => Value.FromInt32((int)u),
            ValueKind.I64 when hex && ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, invariant, out var u) => Value.FromInt64((long)u),
            ValueKind.I64 when long.TryParse(text, NumberStyles.Integer, invariant, out var l) => Value.FromInt64(l),
            ValueKind.I64 when ulong.TryParse(text, NumberStyles.Integer, invariant, out var u) => Value.FromInt64((long)u),
            ValueKind.F32 when float.TryParse(text, NumberStyles.Float, invariant, out var f) => Value.FromSingle(f),
            ValueKind.F64 when double.TryParse(text, NumberStyles.Float, invariant, out var d) => Value.FromDouble(d),
            _ => null,
        };
    }
}
