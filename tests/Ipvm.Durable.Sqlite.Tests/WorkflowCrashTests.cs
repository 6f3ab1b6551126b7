using System.Diagnostics;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.WorkflowCrashTesting;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>
/// A workflow run in a child process is SIGKILLed at random points over many rounds, with its events raised from
/// here as it goes, then resumed to the end. What the sinks saw shows the guarantees of each effect class.
/// </summary>
public sealed class WorkflowCrashTests
{
    private const string RunId = "saga-run";

    [Fact]
    public async Task Killed_and_resumed_many_times_each_class_of_call_runs_as_often_as_it_may()
    {
        var database = SqliteTestFiles.NewPath();
        var sinks = Path.GetDirectoryName(database)!;
        Directory.CreateDirectory(sinks);
        var random = new Random(20261121);
        var kills = 0;
        var rerunSquares = new List<string>();

        for (var round = 0; round < 12; round++)
        {
            await RaiseAsync(database, round); // one event a round, some before their wait starts, some after
            var committed = await CommittedSquaresAsync(database);
            var squaresBefore = Lines(sinks, "square.txt").Count;
            using var child = Start(database, sinks);
            await Task.Delay(random.Next(100, 600));
            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL on Unix
                kills++;
            }

            await child.WaitForExitAsync();
            rerunSquares.AddRange(Lines(sinks, "square.txt").Skip(squaresBefore).Where(committed.Contains));
        }

        using (var final = Start(database, sinks))
        {
            var output = final.StandardOutput.ReadToEndAsync();
            var error = final.StandardError.ReadToEndAsync();
            await final.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(final.ExitCode == 0, $"exit {final.ExitCode}: {await output} {await error}");
        }

        Assert.True(kills >= 6, $"only {kills} of 12 rounds were killed before the run finished");
        Assert.Empty(rerunSquares); // deterministic steps with committed receipts never ran again

        await using var store = SqliteDurableStore.Open(database);
        using var journal = SqliteWorkflowJournal.Open(database);
        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(RunId))!.Status);
        var invocation = (await journal.GetInvocationAsync(RunId))!;
        Assert.Equal(SagaWorkflow.Expected(), (await store.FindReceiptAsync(invocation))!.Out.Value); // events consumed once each, in order

        var timers = 0;
        foreach (var cid in await store.ListReceiptsAsync())
        {
            if (await store.GetReceiptAsync(cid) is { } receipt && receipt.Meta.GetValueOrDefault("op") is IpldString { Value: "workflow/timer" })
            {
                timers++;
            }
        }

        Assert.Equal(SagaWorkflow.Rounds, timers); // one firing recorded per timer, however often the run restarted

        var charges = Lines(sinks, "charges.txt").Select(line => line.Split(' ')).ToList();
        Assert.Equal(SagaWorkflow.Rounds, charges.Count); // the keyed sink saw each effect's key once...
        Assert.Equal(SagaWorkflow.Rounds, charges.Select(c => c[0]).Distinct().Count());
        Assert.Equal(SagaWorkflow.Rounds, Lines(sinks, "charge-attempts.txt").Distinct().Count()); // ...and no retry ever came with another key

        var stores = Lines(sinks, "store.txt").Select(line => line.Split(' ')).GroupBy(parts => parts[0]).ToList();
        Assert.Equal(SagaWorkflow.Rounds, stores.Count); // an idempotent write may repeat, but always under its own key
        Assert.All(stores, group => Assert.Single(group.Select(parts => parts[1]).Distinct()));
    }

    private static async Task RaiseAsync(string database, int round)
    {
        using var journal = SqliteWorkflowJournal.Open(database);
        await journal.AppendEventAsync(RunId, "go", $"event-{round}");
    }

    private static async Task<HashSet<string>> CommittedSquaresAsync(string database)
    {
        if (!File.Exists(database))
        {
            return [];
        }

        // Square(i) is pure, so its instruction, and with it whether its receipt exists, is known in advance.
        await using var store = SqliteDurableStore.Open(database);
        var committed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < SagaWorkflow.Rounds; i++)
        {
            var instruction = new Instruction(SagaWorkflow.Square.Resource, SagaWorkflow.Square.Op, IpldMap.Create(("args", (long)i), ("func", "Square")));
            if (await store.FindReceiptAsync(instruction.Cid) is { Out.IsOk: true })
            {
                committed.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return committed;
    }

    private static List<string> Lines(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static Process Start(string database, string sinks) => ChildHost.Start("WorkflowCrashHost", database, sinks, RunId);
}
