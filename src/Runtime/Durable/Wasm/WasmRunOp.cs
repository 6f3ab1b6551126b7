using Ipvm.Durable.Wasm;

namespace Ipvm.Durable;

/// <summary>
/// The <c>wasm/run</c> op: runs an exported function of a core WebAssembly module with the task's
/// <c>{func, args}</c>, under the fuel and memory limits of its <c>meta</c>. See docs/wasm-tasks.md.
/// </summary>
public static class WasmRunOp
{
    /// <summary>The op string.</summary>
    public const string Op = "wasm/run";

    /// <summary>
    /// Registers <c>wasm/run</c> as a pure op. Modules come from <paramref name="blocks"/> (<c>rsc</c> =
    /// <c>ipfs://&lt;cid&gt;</c>, verified against the CID) or by name from <paramref name="named"/>.
    /// </summary>
    /// <param name="ops">The registry to add the op to.</param>
    /// <param name="blocks">Where <c>ipfs://</c> modules are read from.</param>
    /// <param name="named">Modules registered by name, if any.</param>
    /// <param name="engine">The engine to compile with (it caches modules); it must meter fuel. Default: a new metering engine.</param>
    public static OpRegistry Register(OpRegistry ops, IBlockStore blocks, WasmModuleRegistry? named = null, Engine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentNullException.ThrowIfNull(blocks);
        engine ??= CreateEngine();
        if (!engine.Config.ConsumeFuel)
        {
            throw new ArgumentException("wasm/run needs an engine whose Config.ConsumeFuel is true, so meta.fuel can bound a task.", nameof(engine));
        }

        var runner = new WasmTaskRunner(blocks, named, engine);
        return ops.Register(Op, EffectClass.Pure, runner.RunAsync);
    }

    /// <summary>An engine configured for tasks: fuel metering on, default limits.</summary>
    public static Engine CreateEngine() => new(new Config { ConsumeFuel = true });
}
