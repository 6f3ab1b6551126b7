using System.Diagnostics;
using Ipvm.Durable;
using Ipvm.Durable.Ipld;

namespace ImagePipeline;

/// <summary>
/// The example's runtime over any store: <c>wasm/run</c> reading modules from the store's blocks, the generated
/// workflows, and a way to run one and see which of its calls ran and which came back from receipts.
/// </summary>
public sealed class Pipeline
{
    private readonly DurableEngine _engine;
    private readonly WorkflowRuntime _runtime;
    private readonly WorkflowClient _client;

    /// <summary>Registers <c>wasm/run</c> (modules from <paramref name="engine"/>'s store) and the two workflows.</summary>
    public Pipeline(DurableEngine engine, IWorkflowJournal journal)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        WasmRunOp.Register(engine.Ops, engine.Store);
        _runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), journal).AddGeneratedWorkflows();
        _client = new WorkflowClient(_runtime, engine);
    }

    /// <summary>image.wasm, copied beside the program by the project file.</summary>
    public static byte[] ModuleBytes => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "image.wasm"));

    /// <summary>input.png, copied beside the program by the project file.</summary>
    public static string InputPath => Path.Combine(AppContext.BaseDirectory, "input.png");

    /// <summary>Stores the module as a raw block, as <c>ipvm add</c> does, and returns its CID.</summary>
    public async Task<Cid> AddModuleAsync(byte[] module)
    {
        var cid = WasmFunction.ModuleCid(module);
        await _engine.Store.PutBlockAsync(cid, module).ConfigureAwait(false);
        return cid;
    }

    /// <summary>Runs a workflow with the module and a raw image as its arguments and reports its calls.</summary>
    public async Task<PipelineRun> RunAsync(string workflow, Cid module, RawImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var clock = Stopwatch.StartNew();
        var result = await _runtime.RunAsync(workflow, IpldList.Create(module, new IpldBytes(image.ToBytes())), cancellationToken: cancellationToken).ConfigureAwait(false);
        clock.Stop();
        var calls = result.RunId is null
            ? []
            : (await _client.GetStatusAsync(result.RunId, cancellationToken).ConfigureAwait(false)).Calls.Where(c => c.InstructionCid != result.InvocationCid).ToList();
        return new PipelineRun(workflow, result, calls, clock.Elapsed);
    }
}

/// <summary>One workflow run: its result, its calls in issue order, and the wall time it took.</summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Result">How it ended.</param>
/// <param name="Calls">Each call's instruction CID, whether it ran or was replayed, and its duration; empty when the whole workflow came from its receipt.</param>
/// <param name="Elapsed">Start to result.</param>
public sealed record PipelineRun(string Workflow, WorkflowRunResult Result, IReadOnlyList<TaskRecord> Calls, TimeSpan Elapsed)
{
    /// <summary>The calls that ran (had no receipt yet).</summary>
    public int Ran => Calls.Count(static c => !c.Replayed);
}
