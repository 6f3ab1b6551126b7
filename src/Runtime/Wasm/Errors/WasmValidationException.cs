namespace Ipvm.Durable.Wasm;

/// <summary>The binary is well formed but not valid (type errors, unknown indices, ...).</summary>
public sealed class WasmValidationException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public WasmValidationException(string reason, long offset, int functionIndex = -1)
        : base(functionIndex >= 0
            ? $"invalid module: function {functionIndex} at byte 0x{offset:x}: {reason}"
            : $"invalid module at byte 0x{offset:x}: {reason}")
    {
        Reason = reason;
        Offset = offset;
        FunctionIndex = functionIndex;
    }

    /// <summary>What was expected and what was found.</summary>
    public string Reason { get; }

    /// <summary>Byte offset of the offending instruction or section entry.</summary>
    public long Offset { get; }

    /// <summary>The function whose body is invalid, or -1 outside function bodies.</summary>
    public int FunctionIndex { get; }
}
