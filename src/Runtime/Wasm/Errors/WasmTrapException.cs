namespace Ipvm.Durable.Wasm;

/// <summary>WebAssembly execution trapped; the instance stays usable, the call is abandoned.</summary>
public sealed class WasmTrapException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public WasmTrapException(TrapCode code)
        : base(Describe(code))
    {
        Code = code;
    }

    /// <summary>Why execution trapped.</summary>
    public TrapCode Code { get; }

    /// <summary>The spec test suite's wording for a trap code.</summary>
    public static string Describe(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.IndirectCallToNull => "uninitialized element",
        TrapCode.BadSignature => "indirect call type mismatch",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.IntegerDivisionByZero => "integer divide by zero",
        TrapCode.BadConversionToInteger => "invalid conversion to integer",
        TrapCode.CallStackExhausted => "call stack exhausted",
        TrapCode.OutOfFuel => "all fuel consumed",
        TrapCode.Interrupted => "interrupted",
        _ => code.ToString(),
    };
}
