using System.Diagnostics;
using System.Reflection;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Xunit.Abstractions;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>
/// A static workflow's lowered DAG and a run of the same workflow by replay issue the same instructions. The test
/// compiles the inputs with the generator, loads the assembly and reaches the generated members by reflection (the
/// generated code itself uses none).
/// </summary>
public sealed class LoweringTests(ITestOutputHelper output)
{
    private static readonly Lazy<Assembly> Generated = new(() => GeneratorHarness.Run(TestSources.Workflows).Load());

    [Fact]
    public async Task Lowered_pure_workflow_has_exactly_the_instruction_CIDs_its_replay_run_records()
    {
        var (runtime, store) = Runtime();
        var result = await runtime.RunAsync("SumOfSquares", IpldList.Create(3L, 4L), "run-pure");
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(9 + 3 + 16, result.Output!.AsInt64());

        var lowered = Lower("SumOfSquares", 3L, 4L);
        Assert.Equal(4, lowered.Tasks.Count);
        Assert.Equal(Cids(lowered), await Recorded(store, result));
    }

    [Fact]
    public async Task Lowered_workflow_with_idempotent_and_effectful_calls_matches_the_run_it_is_lowered_for()
    {
        var (runtime, store) = Runtime();
        var result = await runtime.RunAsync("checkout", IpldList.Create(5L), "run-effects");
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal((105L * 105L), result.Output!.AsInt64());

        var lowered = Lower("Checkout", 5L, "run-effects");
        Assert.Equal(Cids(lowered), await Recorded(store, result));
    }

    [Fact]
    public async Task A_workflow_that_is_not_static_runs_by_replay_through_the_typed_stubs()
    {
        var (runtime, _) = Runtime();
        Assert.Equal(4, (await runtime.RunAsync("Branchy", IpldList.Create(2L))).Output!.AsInt64());
        Assert.Equal(17, (await runtime.RunAsync("Branchy", IpldList.Create(4L))).Output!.AsInt64());
        Assert.Null(Generated.Value.GetType("Shop.Flows")!.GetMethod("LowerBranchy"));
    }

    [Fact]
    public void Lowered_DAG_round_trips_through_DAG_JSON_and_the_workflow_reader()
    {
        var lowered = Lower("SumOfSquares", 3L, 4L);
        var json = DagJson.Encode(lowered.ToEnvelope());
        var read = WorkflowReader.Read(json);
        Assert.Equal(Cids(lowered), read.Tasks.Select(static t => t.InstructionCid).ToList());
        Assert.Equal(lowered.Cid, read.Cid);
        Assert.Equal("SumOfSquares", read.Name);

        var directory = Directory.CreateTempSubdirectory("ipvm-lowered-");
        var file = Path.Combine(directory.FullName, "sum-of-squares.json");
        File.WriteAllBytes(file, json);
        var cli = Path.Combine(RepositoryPaths.Root, "artifacts", "ipvm", "ipvm.dll");
        if (!File.Exists(cli))
        {
            output.WriteLine($"Skipped `ipvm graph`: {cli} is not built (run ./ipvm once).");
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{cli}\" graph \"{file}\"") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        output.WriteLine(text);
        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("Square", text, StringComparison.Ordinal);
    }

    private static (WorkflowRuntime Runtime, InMemoryDurableStore Store) Runtime()
    {
        var store = new InMemoryDurableStore();
        var engine = new DurableEngine(store, new OpRegistry(), new DurableEngineOptions { MaxParallelism = 2 });
        var runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), new InMemoryWorkflowJournal());
        Generated.Value.GetType("Ipvm.Durable.GeneratedDurableRegistration")!.GetMethod("AddGeneratedWorkflows")!.Invoke(null, [runtime]);
        return (runtime, store);
    }

    private static Workflow Lower(string method, params object[] arguments) =>
        (Workflow)Generated.Value.GetType("Shop.Flows")!.GetMethod("Lower" + method)!.Invoke(null, arguments)!;

    private static List<Cid> Cids(Workflow workflow) => workflow.Tasks.Select(static t => t.InstructionCid).ToList();

    private static async Task<List<Cid>> Recorded(InMemoryDurableStore store, WorkflowRunResult result) =>
        (await store.GetTasksAsync(result.RunId!)).Where(t => t.InstructionCid != result.InvocationCid).OrderBy(static t => t.Index).Select(static t => t.InstructionCid).ToList();
}
