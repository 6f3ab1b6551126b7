using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// An exported function of a WebAssembly module in the block store, for <see cref="WorkflowContext.CallWasmAsync"/>.
/// A call is a <c>wasm/run</c> instruction <c>{rsc: "ipfs://&lt;module&gt;", op: "wasm/run", input: {args, func}, nnc: ""}</c>,
/// exactly what a workflow file's <c>wasm/run</c> task with the same module, function and arguments holds, so the two
/// share CIDs and receipts. Calls are pure: a module imports nothing, so its result depends on its code and its
/// arguments only, and a receipt is reused forever, across runs and workflows.
/// </summary>
/// <remarks>
/// The module must be in the engine's block store before a call runs (<c>ipvm add</c>, or
/// <see cref="IBlockStore.PutBlockAsync"/> with <see cref="ModuleCid"/>), and <see cref="WasmRunOp"/> registered in the
/// engine's ops. Let the module's CID reach a workflow through its arguments (or write it in its code): then a new
/// module changes the workflow's own CID too, and a recorded result of a pure workflow is never one of an older module.
/// </remarks>
/// <param name="Module">The CID of the module's bytes, a raw block (<see cref="ModuleCid"/>).</param>
/// <param name="Name">The exported function: the instruction's <c>func</c>.</param>
public sealed record WasmFunction(Cid Module, string Name)
{
    /// <summary>
    /// The limits of each call, as a workflow file's task <c>meta</c>: fuel, memory, time
    /// (<c>TaskMeta.Create(fuel: 10_000_000)</c>). Null: unlimited fuel, the engine's maximum memory. Not part of the
    /// instruction, so not of its CID: a recorded result is reused whatever the limits.
    /// </summary>
    public TaskMeta? Meta { get; init; }

    /// <summary>The instruction's <c>rsc</c>: <c>ipfs://</c> and the module's CID.</summary>
    public string Resource => "ipfs://" + Module;

    /// <summary>The descriptor a call is issued with: op <c>wasm/run</c>, pure.</summary>
    internal TaskDescriptor Descriptor => new(
        string.IsNullOrEmpty(Name) ? throw new ArgumentException("A wasm function needs a name.", nameof(Name)) : Name,
        WasmRunOp.Op,
        Resource,
        EffectClass.Pure);

    /// <summary>The CID <c>ipvm add</c> gives <paramref name="module"/>: CIDv1, raw, sha2-256.</summary>
    public static Cid ModuleCid(ReadOnlySpan<byte> module) => Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, module);

    /// <summary>The function <c>{func}</c> of a WebAssembly module in the store.</summary>
    public override string ToString() => $"{Resource}#{Name}";
}
