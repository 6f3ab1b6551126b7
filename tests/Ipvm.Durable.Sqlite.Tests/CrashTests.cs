using System.Diagnostics;
using Ipvm.Durable.CrashTesting;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Sqlite.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task A_run_killed_ten_times_then_resumed_gives_the_uninterrupted_outputs_and_never_reruns_a_committed_task()
    {
        var path = SqliteTestFiles.NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var countFile = Path.Combine(Path.GetDirectoryName(path)!, "executions.txt");
        File.WriteAllText(countFile, string.Empty);
        const string runId = "crash-run";
        var random = new Random(20261121);
        var kills = 0;

        for (var round = 0; round < 10; round++)
        {
            var committed = await CommittedInstructionsAsync(path);
            var countBefore = new FileInfo(countFile).Length;
            using var child = StartChild(path, countFile, runId);
            await Task.Delay(random.Next(150, 500));
            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL on Unix
                kills++;
            }

            await child.WaitForExitAsync();
            AssertNoRerun(countFile, countBefore, committed);
        }

        var beforeFinal = await CommittedInstructionsAsync(path);
        var finalCountBefore = new FileInfo(countFile).Length;
        using (var final = StartChild(path, countFile, runId))
        {
            await final.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(0, final.ExitCode);
        }

        AssertNoRerun(countFile, finalCountBefore, beforeFinal);
        Assert.True(kills >= 5, $"only {kills} of 10 rounds were killed before finishing");

        var reference = await new DurableEngine(new InMemoryDurableStore(), CrashWorkflow.Register(new OpRegistry(), null, TimeSpan.Zero))
            .RunAsync(CrashWorkflow.Create());
        await using var store = SqliteDurableStore.Open(path);
        var run = (await store.GetRunAsync(runId))!;
        Assert.Equal(RunStatus.Completed, run.Status);
        var records = await store.GetTasksAsync(runId);
        Assert.Equal(200, records.Count);
        foreach (var record in records)
        {
            var receipt = (await store.GetReceiptAsync(record.ReceiptCid!))!;
            Assert.Equal(reference.Tasks[record.Index].Receipt!.Out, receipt.Out);
        }
    }

    private static void AssertNoRerun(string countFile, long offset, HashSet<Cid> committed)
    {
        using var stream = new FileStream(countFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                Assert.DoesNotContain(Cid.Parse(line), committed);
            }
        }
    }

    private static async Task<HashSet<Cid>> CommittedInstructionsAsync(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var store = SqliteDurableStore.Open(path);
        var result = new HashSet<Cid>();
        foreach (var cid in await store.ListReceiptsAsync())
        {
            if (await store.GetReceiptAsync(cid) is { Out.IsOk: true, InstructionCid: { } instruction })
            {
                result.Add(instruction);
            }
        }

        return result;
    }

    private static Process StartChild(string database, string countFile, string runId) => ChildHost.Start("CrashHost", database, countFile, runId);
}
