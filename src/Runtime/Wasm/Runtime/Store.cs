namespace Ipvm.Durable.Wasm;

/// <summary>
/// Owns the runtime state of instances: fuel, limits and the call depth. Like wasmtime's Store, it is
/// used by one thread at a time.
/// </summary>
public sealed class Store
{
    /// <summary>Remaining fuel; generated code subtracts per block and traps below zero.</summary>
    internal long FuelRemaining;

    /// <summary>Lowest stack address known to be safe; below it generated code probes the real stack.</summary>
    internal nuint StackLimit = nuint.MaxValue;

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

    /// <summary>How many host-to-guest calls are active (above one, a host function called back into a guest).</summary>
    internal int EntryNesting;
}
