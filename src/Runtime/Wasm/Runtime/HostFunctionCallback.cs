namespace Ipvm.Durable.Wasm;

/// <summary>A host function: reads <paramref name="arguments"/>, writes one value per declared result into <paramref name="results"/>.</summary>
public delegate void HostFunctionCallback(ReadOnlySpan<Value> arguments, Span<Value> results);
