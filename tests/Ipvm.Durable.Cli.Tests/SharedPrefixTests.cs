using System.Text.Json;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli.Tests;

/// <summary>
/// Homestar's demo, through the command line: crop → rotate → blur, then a second workflow crop → rotate → grayscale
/// runs only grayscale; `status --json` shows the shared steps as replayed.
/// </summary>
public sealed class SharedPrefixTests : IDisposable
{
    private const string Rsc = "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    private readonly string _directory = Directory.CreateTempSubdirectory("ipvm-cli-prefix-").FullName;

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
    public async Task A_second_workflow_sharing_crop_and_rotate_runs_only_its_last_step()
    {
        var crop = Run("crop", IpldList.Create("photo.png", 150L, 350L, 500L, 500L));
        var rotate = Run("rotate90", IpldList.Create(Awaits(crop)));
        await File.WriteAllBytesAsync(Path.Combine(_directory, "blur.json"), Workflow("blur", crop, rotate, Run("blur", IpldList.Create(Awaits(rotate)))));
        await File.WriteAllBytesAsync(Path.Combine(_directory, "grayscale.json"), Workflow("grayscale", crop, rotate, Run("grayscale", IpldList.Create(Awaits(rotate)))));

        var first = await IpvmProcess.RunAsync(["run", "blur.json", "--json"], null, _directory);
        var second = await IpvmProcess.RunAsync(["run", "grayscale.json", "--json"], null, _directory);
        var runId = JsonDocument.Parse(second.StandardOutput).RootElement.GetProperty("run").GetString()!;
        var status = await IpvmProcess.RunAsync(["status", runId, "--json"], null, _directory);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        using var json = JsonDocument.Parse(status.StandardOutput);
        var replayed = json.RootElement.GetProperty("tasks").EnumerateArray()
            .ToDictionary(t => t.GetProperty("func").GetString()!, t => t.GetProperty("replayed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["crop"] = true, ["rotate90"] = true, ["grayscale"] = false }, replayed);
    }

    private static IpldMap Run(string func, IpldList args) =>
        IpldMap.Create(("input", IpldMap.Create(("args", args), ("func", func))), ("nnc", ""), ("op", "test/image"), ("rsc", Rsc));

    private static IpldMap Awaits(IpldMap run) =>
        IpldMap.Create(("await/ok", new IpldLink(DagCbor.ComputeCid(run, MultihashCode.Sha3_256))));

    private static byte[] Workflow(string name, params IpldMap[] runs) =>
        DagJson.Encode(IpldMap.Create(
            ("name", name),
            ("workflow", IpldMap.Create(("tasks", IpldList.Create(runs.Select(run => (IpldValue)IpldMap.Create(
                ("cause", IpldValue.Null), ("meta", IpldMap.Empty), ("prf", IpldList.Empty), ("run", run)))))))));
}
