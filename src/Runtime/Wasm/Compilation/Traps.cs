using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Throw helpers called from generated code, so trapping paths stay out of line.</summary>
internal static class Traps
{
    [DoesNotReturn]
    public static void Throw(TrapCode code) => throw new WasmTrapException(code);

    [DoesNotReturn]
    public static void Unreachable() => throw new WasmTrapException(TrapCode.Unreachable);

    [DoesNotReturn]
    public static void MemoryOutOfBounds() => throw new WasmTrapException(TrapCode.MemoryOutOfBounds);

    [DoesNotReturn]
    public static void OutOfFuel() => throw new WasmTrapException(TrapCode.OutOfFuel);

    [DoesNotReturn]
    public static void CallStackExhausted() => throw new WasmTrapException(TrapCode.CallStackExhausted);

    /// <summary>
    /// Called when the stack pointer passes the store's known-safe limit: asks the runtime whether enough
    /// stack remains (at least 128 KiB on 64-bit) and, if so, moves the limit 48 KiB further down.
    /// </summary>
    public static void ProbeStack(Store store, nuint stackPointer)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WasmTrapException(TrapCode.CallStackExhausted);
        }

        store.StackLimit = stackPointer - (48 * 1024);
    }
}
