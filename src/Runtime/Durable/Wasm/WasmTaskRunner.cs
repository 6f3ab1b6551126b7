using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable;

/// <summary>
/// Runs one <c>wasm/run</c> task: finds the module, instantiates it in a fresh store limited by the task's
/// meta, maps the arguments, calls the export and maps the results. Every engine failure becomes an error
/// receipt; only cancellation propagates. Cancellation (the <c>meta.time</c> timeout, pause, cancel) interrupts
/// the store, so a module that never returns is stopped too.
/// </summary>
internal sealed class WasmTaskRunner(IBlockStore blocks, WasmModuleRegistry? named, Engine engine)
{
    private const string IpfsScheme = "ipfs://";

    private readonly ConditionalWeakTable<Module, FrozenDictionary<string, WasmResultKind>> _resultKinds = [];

    public async ValueTask<TaskResult> RunAsync(OpContext context)
    {
        string? function = null;
        try
        {
            var input = WasmTaskInput.Read(context.Input);
            function = input.Function;
            var bytes = await LoadAsync(context.Instruction.Resource, context.CancellationToken).ConfigureAwait(false);
            context.CancellationToken.ThrowIfCancellationRequested();
            return TaskResult.Ok(Execute(Module.FromBytes(engine, bytes), bytes, input, context.Meta, context.CancellationToken));
        }
        catch (WasmTrapException e) when (e.Code == TrapCode.Interrupted)
        {
            // Only cancellation interrupts a task's store; where the code stopped is not deterministic, so the
            // outcome is the scheduler's (a timeout's error receipt, or a pause), never a receipt of ours.
            throw new OperationCanceledException($"wasm/run of {function} was interrupted", e, context.CancellationToken);
        }
        catch (WasmTaskException e)
        {
            return TaskResult.Error(e.Message);
        }
        catch (WasmTrapException e)
        {
            return TaskResult.Error(IpldMap.Create(
                ("trap", e.Code.ToString()),
                ("message", $"wasm trap in {function}: {e.Message}"),
                ("func", function ?? "")));
        }
        catch (WasmException e)
        {
            return TaskResult.Error($"module {context.Instruction.Resource}: {e.Message}");
        }
    }

    private IpldValue Execute(Module module, byte[] bytes, WasmTaskInput input, TaskMeta meta, CancellationToken cancellationToken)
    {
        var store = new Store(engine);
        WasmTaskLimits.Apply(meta, store);
        using var interruption = cancellationToken.UnsafeRegister(static s => ((Store)s!).Interrupt(), store);
        var instance = new Linker(engine).Instantiate(store, module);
        var function = instance.GetFunction(input.Function)
            ?? throw new WasmTaskException($"the module exports no function named '{input.Function}' (it exports {Exports(module)})");
        var arguments = WasmArguments.Map(instance, input.Function, function.Type, input.Arguments);
        var kinds = ResultKinds(module, bytes);
        var results = function.Call(arguments);
        return WasmResults.Map(instance, input.Function, function.Type, results, kinds.TryGetValue(input.Function, out var kind) ? kind : null);
    }

    private FrozenDictionary<string, WasmResultKind> ResultKinds(Module module, byte[] bytes)
    {
        if (!_resultKinds.TryGetValue(module, out var kinds))
        {
            kinds = WasmResultKinds.Read(bytes);
            _resultKinds.AddOrUpdate(module, kinds);
        }

        return kinds;
    }

    private async ValueTask<byte[]> LoadAsync(string resource, CancellationToken cancellationToken)
    {
        if (resource.StartsWith(IpfsScheme, StringComparison.Ordinal))
        {
            var text = resource[IpfsScheme.Length..];
            if (!Cid.TryParse(text, out var cid, out var error))
            {
                throw new WasmTaskException($"rsc {resource}: not a CID ({error})");
            }

            return await blocks.GetBlockAsync(cid, cancellationToken).ConfigureAwait(false)
                ?? throw new WasmTaskException($"rsc {resource}: the module is not in the block store (store it with `ipvm add`)");
        }

        if (named is not null && named.TryGet(resource, out var module))
        {
            return module;
        }

        throw new WasmTaskException($"rsc {resource}: expected ipfs://<cid> or the name of a registered module");
    }

    private static string Exports(Module module)
    {
        var names = module.Exports.Where(e => e.Kind == ExternKind.Function).Select(e => e.Name).ToList();
        return names.Count == 0 ? "no functions" : string.Join(", ", names);
    }
}
