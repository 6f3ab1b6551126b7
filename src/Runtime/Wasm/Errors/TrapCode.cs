namespace Ipvm.Durable.Wasm;

/// <summary>Why WebAssembly execution trapped.</summary>
public enum TrapCode
{
    /// <summary>The unreachable instruction ran.</summary>
    Unreachable,
    /// <summary>A load, store or bulk memory operation was out of bounds.</summary>
    MemoryOutOfBounds,
    /// <summary>A table access or bulk table operation was out of bounds.</summary>
    TableOutOfBounds,
    /// <summary>call_indirect found a null entry.</summary>
    IndirectCallToNull,
    /// <summary>call_indirect found a function of another signature.</summary>
    BadSignature,
    /// <summary>Signed division overflow or float-to-int conversion out of range.</summary>
    IntegerOverflow,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivisionByZero,
    /// <summary>Float-to-int conversion of NaN.</summary>
    BadConversionToInteger,
    /// <summary>The call-depth limit or the host stack guard was reached.</summary>
    CallStackExhausted,
    /// <summary>The store ran out of fuel.</summary>
    OutOfFuel,
    /// <summary><see cref="Store.Interrupt"/> was called (not deterministic: it depends on when).</summary>
    Interrupted,
}
