using System.Text.Json;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Cli.Tests;

/// <summary>
/// `ipvm run`, `status`, `graph`, `export` and `add`, run as a user runs them: a child process whose working
/// directory is a fresh temporary folder, so the store (.ipvm/ipvm.db) lands there.
/// </summary>
public sealed class RuntimeCommandTests : IDisposable
{
    private const string FailingWorkflow = """
        {"name":"fails","workflow":{"tasks":[{"cause":null,"meta":{},"prf":[],"run":{
          "input":{"args":["broken on purpose"],"func":"fail"},"nnc":"","op":"test/fail",
          "rsc":"ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"}}]}}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("ipvm-cli-tests-").FullName;

    private static string Sample => Path.Combine(RepositoryPaths.Root, "examples", "workflows", "sample.json");

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
    public async Task Run_exits_0_for_a_completed_workflow_and_keeps_the_store_in_the_working_directory()
    {
        var result = await IpvmAsync("run", Sample);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardError);
        Assert.StartsWith("run ", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, ".ipvm", "ipvm.db")));
    }

    [Fact]
    public async Task Run_exits_1_for_a_workflow_whose_task_fails_and_status_says_why()
    {
        var file = Path.Combine(_directory, "fails.json");
        await File.WriteAllTextAsync(file, FailingWorkflow);

        var result = await IpvmAsync("run", file, "--json");

        Assert.Equal(1, result.ExitCode);
        using var status = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("failed", status.RootElement.GetProperty("status").GetString());
        Assert.Contains("broken on purpose", status.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        var task = Assert.Single(status.RootElement.GetProperty("tasks").EnumerateArray());
        Assert.Equal("failed", task.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Run_exits_2_for_an_invalid_workflow_with_one_line_on_stderr_naming_the_unresolved_await()
    {
        var stale = Path.Combine(RepositoryPaths.Conformance, "homestar-fixtures", "test-workflow-add-one-part-two.json");

        var result = await IpvmAsync("run", stale);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ipvm: ", line, StringComparison.Ordinal);
        Assert.Contains("invalid workflow", line, StringComparison.Ordinal);
        Assert.Contains("unresolved await", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task A_second_run_of_the_same_file_replays_every_task()
    {
        var first = await IpvmAsync("run", Sample, "--json");
        var second = await IpvmAsync("run", Sample, "--json");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var runId = JsonDocument.Parse(second.StandardOutput).RootElement.GetProperty("run").GetString()!;

        var status = await IpvmAsync("status", runId, "--json");

        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.StandardOutput);
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        var tasks = json.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.True(t.GetProperty("replayed").GetBoolean()));
        Assert.All(tasks, t => Assert.Equal("succeeded", t.GetProperty("state").GetString()));
        var firstTasks = JsonDocument.Parse(first.StandardOutput).RootElement.GetProperty("tasks").EnumerateArray();
        Assert.Equal(firstTasks.Select(t => t.GetProperty("receipt").GetString()), tasks.Select(t => t.GetProperty("receipt").GetString()));
    }

    [Fact]
    public async Task Graph_draws_the_sample_as_mermaid_with_its_await_edge()
    {
        var result = await IpvmAsync("graph", Sample, "--format", "mermaid");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("flowchart LR", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("t0[", StringComparison.Ordinal) && l.Contains("add", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("t1[", StringComparison.Ordinal) && l.Contains("echo", StringComparison.Ordinal));
        Assert.Contains("t0 -->|await/ok| t1", lines);
    }

    [Fact]
    public async Task Export_writes_a_car_whose_blocks_all_verify_and_hold_the_workflow_and_receipts()
    {
        var run = await IpvmAsync("run", Sample, "--json");
        using var status = JsonDocument.Parse(run.StandardOutput);
        var runId = status.RootElement.GetProperty("run").GetString()!;
        var workflow = Cid.Parse(status.RootElement.GetProperty("workflow").GetString()!);
        var receipts = status.RootElement.GetProperty("tasks").EnumerateArray().Select(t => Cid.Parse(t.GetProperty("receipt").GetString()!)).ToList();
        var car = Path.Combine(_directory, "run.car");

        var export = await IpvmAsync("export", runId, "--car", car);

        Assert.Equal(0, export.ExitCode);
        await using var stream = File.OpenRead(car);
        var contents = Car.ReadAll(stream, new CarReaderOptions { VerifyBlocks = true, RequireVerifiableHashes = true });
        Assert.Equal([workflow], contents.Roots);
        var cids = contents.Blocks.Select(b => b.Cid).ToList();
        Assert.Contains(workflow, cids);
        Assert.All(receipts, r => Assert.Contains(r, cids));
        Assert.All(contents.Blocks, b => Assert.True(b.Cid.Matches(b.Data.Span)));
    }

    [Fact]
    public async Task Add_prints_the_raw_sha2_256_cidv1_of_the_file()
    {
        var file = Path.Combine(_directory, "module.bin");
        byte[] bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        await File.WriteAllBytesAsync(file, bytes);

        var result = await IpvmAsync("add", file);

        Assert.Equal(0, result.ExitCode);
        var cid = Cid.Parse(result.Output.Trim());
        Assert.Equal(1, cid.Version);
        Assert.Equal(Multicodec.Raw, cid.Codec);
        Assert.Equal(MultihashCode.Sha2_256, cid.Hash);
        Assert.StartsWith("bafkrei", result.Output, StringComparison.Ordinal);
        Assert.Equal(Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, bytes), cid);
    }

    private Task<IpvmResult> IpvmAsync(params string[] args) => IpvmProcess.RunAsync(args, null, _directory);
}
