using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

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
    public static void Interrupted() => throw new WasmTrapException(TrapCode.Interrupted);

    /// <summary>
    /// The fuel check at a function entry or loop header failed: the fuel (saved to the store) is below the
    /// store's <see cref="Store.Interruption"/>, 0 unless interrupted. Running out of fuel wins, since it is
    /// deterministic.
    /// </summary>
    [DoesNotReturn]
    public static void FuelCheckFailed(Store store) =>
        throw new WasmTrapException(store.FuelRemaining < 0 ? TrapCode.OutOfFuel : TrapCode.Interrupted);

    [DoesNotReturn]
    public static void CallStackExhausted() => throw new WasmTrapException(TrapCode.CallStackExhausted);

    /// <summary>How far below a probed stack pointer guest frames may go before the next probe.</summary>
    private const int ProbeStep = 32 * 1024;

    /// <summary>Room kept for runtime helpers, the JIT, the GC and host callbacks below the deepest guest frame.</summary>
    private const int HelperMargin = 64 * 1024;

    /// <summary>What <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/> vouches for on 64-bit (128 KiB), less slack.</summary>
    private const int GuaranteedByRuntime = 112 * 1024;

    private const int ProbeChunk = 16 * 1024;

    /// <summary>
    /// Called at host entry and when a guest function's stack pointer passes the store's known-safe limit
    /// (always, once the store is interrupted: then it traps with <see cref="TrapCode.Interrupted"/>). Verifies that the largest guest frame, a helper margin and one probe step fit below
    /// <paramref name="stackPointer"/>, then moves the limit one step down; otherwise traps. The runtime only
    /// vouches for 128 KiB at a time, so larger reserves are verified by descending in 16 KiB steps.
    /// </summary>
    public static void ProbeStack(Store store, nuint stackPointer)
    {
        if (Volatile.Read(ref store.Interruption) != 0)
        {
            throw new WasmTrapException(TrapCode.Interrupted);
        }

        var needed = store.FrameReserve + HelperMargin + ProbeStep;
        if (!ProbeDown(needed - GuaranteedByRuntime))
        {
            throw new WasmTrapException(TrapCode.CallStackExhausted);
        }

        store.SetStackLimit(stackPointer - ProbeStep);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ProbeDown(long bytes)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return false;
        }

        if (bytes <= 0)
        {
            return true;
        }

        Span<byte> chunk = stackalloc byte[ProbeChunk];
        var result = ProbeDown(bytes - ProbeChunk);
        chunk[0] = result ? (byte)1 : (byte)0;
        return chunk[0] == 1;
    }
}
