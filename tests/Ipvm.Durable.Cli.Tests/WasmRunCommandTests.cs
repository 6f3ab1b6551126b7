using System.Text.Json;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Cli.Tests;

/// <summary>
/// examples/workflows/wasm-math.json end to end, as a user runs it in a fresh folder: `ipvm add` both example
/// modules, `ipvm run` the workflow of wasm/run tasks, run it again and find every task replayed.
/// </summary>
public sealed class WasmRunCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ipvm-wasm-run-tests-").FullName;

    private static string Workflow => Path.Combine(RepositoryPaths.Root, "examples", "workflows", "wasm-math.json");

    private static string Module(string name) => Path.Combine(RepositoryPaths.Root, "examples", "wasm", name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up.
        }
    }

    [Fact]
    public async Task The_wasm_math_workflow_runs_after_ipvm_add_and_a_second_run_replays_every_task()
    {
        var math = await IpvmAsync("add", Module("math.wasm"));
        var text = await IpvmAsync("add", Module("text.wasm"));
        Assert.Equal(0, math.ExitCode);
        Assert.Equal(0, text.ExitCode);
        var workflowText = await File.ReadAllTextAsync(Workflow);
        Assert.Contains("ipfs://" + math.Output.Trim(), workflowText, StringComparison.Ordinal);
        Assert.Contains("ipfs://" + text.Output.Trim(), workflowText, StringComparison.Ordinal);

        var first = await IpvmAsync("run", Workflow, "--json");
        var second = await IpvmAsync("run", Workflow, "--json");

        Assert.True(first.ExitCode == 0, first.StandardError + first.Output);
        using var firstJson = JsonDocument.Parse(first.StandardOutput);
        Assert.Equal("completed", firstJson.RootElement.GetProperty("status").GetString());
        var outs = firstJson.RootElement.GetProperty("tasks").EnumerateArray()
            .Select(t => (t.GetProperty("func").GetString(), t.GetProperty("out").GetRawText(), t.GetProperty("replayed").GetBoolean()))
            .ToList();
        Assert.Equal(
            [
                ("add", """{"ok":3}""", false),
                ("multiply", """{"ok":42}""", false),
                ("greet", """{"ok":"ipvm x42"}""", false),
                ("shout", """{"ok":"IPVM X42"}""", false),
                ("reverse", """{"ok":{"/":{"bytes":"BAMCAQ"}}}""", false),
            ],
            outs);

        Assert.Equal(0, second.ExitCode);
        var runId = JsonDocument.Parse(second.StandardOutput).RootElement.GetProperty("run").GetString()!;
        var status = await IpvmAsync("status", runId, "--json");
        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.StandardOutput);
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        var tasks = json.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(5, tasks.Count);
        Assert.All(tasks, t => Assert.True(t.GetProperty("replayed").GetBoolean()));
        Assert.Equal(
            firstJson.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("receipt").GetString()),
            tasks.Select(t => t.GetProperty("receipt").GetString()));
    }

    [Fact]
    public async Task Without_ipvm_add_the_run_fails_with_an_error_receipt_that_says_to_add_the_module()
    {
        var result = await IpvmAsync("run", Workflow, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("ipvm add", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wasm_run_with_a_timeout_interrupts_a_module_that_loops_forever()
    {
        // spin loops forever and there is no --fuel: only the timeout can end it (the test's own bound is liveness).
        var result = await IpvmAsync("wasm", "run", Module("math.wasm"), "--invoke", "spin", "0", "--timeout", "200").WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("wasm trap: Interrupted (timed out after 200 ms, --timeout)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wasm_run_with_a_timeout_prints_the_result_of_a_call_that_returns_in_time()
    {
        var result = await IpvmAsync("wasm", "run", Module("math.wasm"), "--invoke", "add", "40", "2", "--timeout", "60000");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("42", result.Output.Trim());
    }

    private Task<IpvmResult> IpvmAsync(params string[] args) => IpvmProcess.RunAsync(args, null, _directory);
}
