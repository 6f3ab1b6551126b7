namespace Ipvm.Durable.Wasm;

/// <summary>
/// Owns the runtime state of instances: fuel, limits and the call depth. Like wasmtime's Store, it is
/// used by one thread at a time; only <see cref="Interrupt"/> may be called from any thread.
/// </summary>
public sealed class Store
{
    /// <summary>Remaining fuel; generated code subtracts per block and traps below zero.</summary>
    internal long FuelRemaining;

    /// <summary>
    /// Lowest stack address known to be safe; below it generated code probes the real stack. Interruption sets it
    /// to <see cref="nuint.MaxValue"/>, so every function entry probes and the probe traps: function entries
    /// need no check of their own.
    /// </summary>
    internal nuint StackLimit = nuint.MaxValue;

    /// <summary>
    /// 0, or <see cref="long.MaxValue"/> once <see cref="Interrupt"/> was called. Loop headers read it (volatile):
    /// without fuel they trap when it is not 0; with fuel the fuel check compares the fuel with it instead of
    /// with 0, so one comparison covers both.
    /// </summary>
    internal long Interruption;

    /// <summary>The largest estimated frame of the modules instantiated here: probes keep this much (plus a margin) free.</summary>
    internal long FrameReserve;

    /// <summary>Creates a store with the engine's default limits.</summary>
    public Store(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        MaxCallDepth = engine.Config.MaxCallDepth;
        MaxMemoryBytes = engine.Config.MaxMemoryBytes;
    }

    /// <summary>The engine whose configuration compiled the modules run here.</summary>
    public Engine Engine { get; }

    /// <summary>Remaining fuel (only consumed when <see cref="Config.ConsumeFuel"/> is on); 0 once exhausted. Each operator costs 1, control markers 0.</summary>
    public long Fuel
    {
        get => Math.Max(0, FuelRemaining);
        set => FuelRemaining = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Fuel must be non-negative.");
    }

    /// <summary>Maximum nesting of WebAssembly calls; deeper recursion traps with <see cref="TrapCode.CallStackExhausted"/>.</summary>
    public int MaxCallDepth { get; set; }

    /// <summary>Maximum size of any memory created in this store; memory.grow past it returns -1.</summary>
    public long MaxMemoryBytes { get; set; }

    /// <summary>Whether <see cref="Interrupt"/> was called; an interrupted store stays interrupted.</summary>
    public bool IsInterrupted => Volatile.Read(ref Interruption) != 0;

    /// <summary>
    /// Asks running WebAssembly code to stop, from any thread: it traps with <see cref="TrapCode.Interrupted"/>
    /// at its next function entry or loop header, as with wasmtime's epoch interruption. The store stays
    /// interrupted: every later call into it traps the same way at its first function entry. Host functions
    /// are not stopped; the guest traps once they return. Interruption is not deterministic (where the trap
    /// happens depends on timing), so a result must not be recorded as the function's outcome.
    /// </summary>
    public void Interrupt()
    {
        Volatile.Write(ref Interruption, long.MaxValue);
        Volatile.Write(ref StackLimit, nuint.MaxValue);
    }

    /// <summary>
    /// Sets <see cref="StackLimit"/> from the thread running guest code without losing a concurrent
    /// <see cref="Interrupt"/>: the fence orders the write before the read of <see cref="Interruption"/>, and
    /// <see cref="Interrupt"/> writes the flag before the limit, so one of the two sides sees the other.
    /// </summary>
    internal void SetStackLimit(nuint limit)
    {
        StackLimit = limit;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref Interruption) != 0)
        {
            StackLimit = nuint.MaxValue;
        }
    }

    /// <summary>How many host-to-guest calls are active (above one, a host function called back into a guest).</summary>
    internal int EntryNesting;
}
