using System.Globalization;

namespace Ipvm.Durable.Wasm;

/// <summary>A WebAssembly value: a number kept as its exact bits, or a reference.</summary>
public readonly struct Value : IEquatable<Value>
{
    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        Bits = bits;
        Reference = reference;
    }

    /// <summary>The value's type.</summary>
    public ValueKind Kind { get; }

    /// <summary>The raw bits of a number (floats as their IEEE 754 pattern, i32 sign-extended).</summary>
    public long Bits { get; }

    /// <summary>The referenced <see cref="Function"/> or host object; null for a null reference.</summary>
    public object? Reference { get; }

    /// <summary>An i32.</summary>
    public static Value FromInt32(int value) => new(ValueKind.I32, value, null);

    /// <summary>An i64.</summary>
    public static Value FromInt64(long value) => new(ValueKind.I64, value, null);

    /// <summary>An f32.</summary>
    public static Value FromSingle(float value) => new(ValueKind.F32, BitConverter.SingleToInt32Bits(value), null);

    /// <summary>An f32 from its exact bit pattern (keeps NaN payloads).</summary>
    public static Value FromSingleBits(int bits) => new(ValueKind.F32, bits, null);

    /// <summary>An f64.</summary>
    public static Value FromDouble(double value) => new(ValueKind.F64, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>An f64 from its exact bit pattern.</summary>
    public static Value FromDoubleBits(long bits) => new(ValueKind.F64, bits, null);

    /// <summary>A funcref (null for ref.null func).</summary>
    public static Value FromFunction(Function? function) => new(ValueKind.FuncRef, 0, function);

    /// <summary>An externref (null for ref.null extern).</summary>
    public static Value FromExtern(object? reference) => new(ValueKind.ExternRef, 0, reference);

    /// <summary>A zero or null value of a type (the default of locals, globals and tables).</summary>
    public static Value Default(ValueKind kind) => new(kind, 0, null);

    /// <summary>The i32 held.</summary>
    public int AsInt32() => (int)Bits;

    /// <summary>The i64 held.</summary>
    public long AsInt64() => Bits;

    /// <summary>The f32 held.</summary>
    public float AsSingle() => BitConverter.Int32BitsToSingle((int)Bits);

    /// <summary>The f64 held.</summary>
    public double AsDouble() => BitConverter.Int64BitsToDouble(Bits);

    /// <summary>The function referenced, or null.</summary>
    public Function? AsFunction() => Reference as Function;

    /// <inheritdoc/>
    public bool Equals(Value other) => Kind == other.Kind && Bits == other.Bits && Equals(Reference, other.Reference);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Bits, Reference);

    /// <summary>Equality.</summary>
    public static bool operator ==(Value left, Value right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>The value as wasmtime prints it (numbers in decimal, floats in round-trip form).</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.I32 => AsInt32().ToString(CultureInfo.InvariantCulture),
        ValueKind.I64 => AsInt64().ToString(CultureInfo.InvariantCulture),
        ValueKind.F32 => AsSingle().ToString("R", CultureInfo.InvariantCulture),
        ValueKind.F64 => AsDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => Reference is null ? "null" : Reference.ToString() ?? "ref",
    };
}
