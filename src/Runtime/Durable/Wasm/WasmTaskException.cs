namespace Ipvm.Durable;

/// <summary>A definite failure of a <c>wasm/run</c> task (bad input, missing export...): becomes an error receipt, never retried.</summary>
internal sealed class WasmTaskException(string message) : Exception(message)
{
}
