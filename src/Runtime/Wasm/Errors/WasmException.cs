namespace Ipvm.Durable.Wasm;

/// <summary>Base of every exception the engine throws on purpose.</summary>
public abstract class WasmException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WasmException(string message)
        : base(message)
    {
    }
}
