namespace Ipvm.Durable.Wasm;

/// <summary>A global variable; numbers are kept as raw bits so NaN payloads survive.</summary>
public sealed class Global
{
    /// <summary>The bits of a numeric value (read and written directly by generated code).</summary>
    internal long Bits;

    /// <summary>The value of a reference-typed global.</summary>
    internal object? Reference;

    /// <summary>Creates a global.</summary>
    public Global(ValueKind kind, bool mutable, Value initial)
    {
        Type = new GlobalType(kind, mutable);
        Bits = initial.Bits;
        Reference = initial.Reference;
    }

    /// <summary>The type.</summary>
    public GlobalType Type { get; }

    /// <summary>The current value.</summary>
    public Value Value
    {
        get => Type.Kind switch
        {
            ValueKind.I32 => Value.FromInt32((int)Bits),
            ValueKind.I64 => Value.FromInt64(Bits),
            ValueKind.F32 => Value.FromSingleBits((int)Bits),
            ValueKind.F64 => Value.FromDoubleBits(Bits),
            ValueKind.FuncRef => Value.FromFunction((Function?)Reference),
            _ => Value.FromExtern(Reference),
        };
        set
        {
            if (!Type.Mutable)
            {
                throw new InvalidOperationException("The global is immutable.");
            }

            Bits = value.Bits;
            Reference = value.Reference;
        }
    }
}
