using Ipvm.Durable.Wasm;

namespace Ipvm.Durable;

/// <summary>A task's <c>meta.fuel</c> and <c>meta.memory</c> as store limits.</summary>
internal static class WasmTaskLimits
{
    /// <summary>2^63: fuel at or above it (Homestar writes 2^64 as the float 1.8446744073709552e19) means unlimited.</summary>
    private const double Unlimited = 9223372036854775808.0;

    public static void Apply(TaskMeta meta, Store store)
    {
        store.Fuel = meta.Fuel switch
        {
            null => long.MaxValue,
            >= Unlimited => long.MaxValue,
            >= 0 and var fuel => (long)Math.Floor(fuel),
            var fuel => throw new WasmTaskException($"meta.fuel must be a non-negative number, found {fuel}"),
        };

        var cap = store.Engine.Config.MaxMemoryBytes;
        store.MaxMemoryBytes = meta.Memory switch
        {
            null => cap,
            >= 0 and var memory => (long)Math.Min(Math.Floor(memory), cap),
            var memory => throw new WasmTaskException($"meta.memory must be a non-negative number of bytes, found {memory}"),
        };
    }
}
