namespace Ipvm.Durable.Wasm;

/// <summary>The bytes are not a well-formed WebAssembly binary.</summary>
public sealed class WasmDecodeException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public WasmDecodeException(string reason, long offset)
        : base($"malformed module at byte 0x{offset:x}: {reason}")
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>What was wrong, in the spec's words where it has some (e.g. "unexpected end").</summary>
    public string Reason { get; }

    /// <summary>Byte offset in the binary where decoding failed.</summary>
    public long Offset { get; }
}
