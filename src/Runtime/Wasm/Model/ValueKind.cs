namespace Ipvm.Durable.Wasm;

/// <summary>A WebAssembly value type, with the byte that encodes it in the binary format.</summary>
public enum ValueKind : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE 754 float.</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE 754 float.</summary>
    F64 = 0x7C,
    /// <summary>128-bit vector (decoded, but SIMD is not implemented).</summary>
    V128 = 0x7B,
    /// <summary>A nullable reference to a function.</summary>
    FuncRef = 0x70,
    /// <summary>A nullable reference to a host object.</summary>
    ExternRef = 0x6F,
}

/// <summary>Helpers over <see cref="ValueKind"/>.</summary>
internal static class ValueKinds
{
    public static bool IsReference(this ValueKind kind) => kind is ValueKind.FuncRef or ValueKind.ExternRef;

    public static bool IsDefined(byte b) => b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F;

    public static string Name(this ValueKind kind) => kind switch
    {
        ValueKind.I32 => "i32",
        ValueKind.I64 => "i64",
        ValueKind.F32 => "f32",
        ValueKind.F64 => "f64",
        ValueKind.V128 => "v128",
        ValueKind.FuncRef => "funcref",
        ValueKind.ExternRef => "externref",
        _ => "unknown",
    };
}
