using System.Diagnostics;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres;

namespace Ipvm.Durable.QueueBench;

/// <summary>Durable steps through the queue: submit, then time workers from start to the run's end.</summary>
internal static class Steps
{
    public static Workflow Independent(int count, string salt) =>
        new(Enumerable.Range(0, count).Select(i => Step(salt, i, IpldInteger.From(i))));

    public static Workflow Chain(int count, string salt)
    {
        var tasks = new List<WorkflowTask>(count);
        for (var i = 0; i < count; i++)
        {
            tasks.Add(Step(salt, i, i == 0 ? IpldInteger.From(0) : IpldMap.Create(("await/ok", new IpldLink(tasks[i - 1].InstructionCid)))));
        }

        return new Workflow(tasks);
    }

    /// <summary>What a step is and how its commit is made.</summary>
    public enum Kind
    {
        /// <summary>Pure, committed without waiting for the log flush (the default).</summary>
        Pure,

        /// <summary>Pure, every commit synchronous (<see cref="DurableWorkerOptions.UnsyncedPureCommits"/> off).</summary>
        PureSynced,

        /// <summary>Idempotent: synchronous commits and a receipt look-up before each step runs.</summary>
        Idempotent,
    }

    /// <summary>
    /// Runs <paramref name="workflow"/> on <paramref name="workers"/> workers with steps of <paramref name="kind"/>;
    /// <paramref name="starts"/>, if given, gets each step's start time by index.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(string connectionString, Workflow workflow, int workers, long[]? starts, TimeSpan poll, Kind kind)
    {
        var stores = new List<PostgresDurableStore>();
        for (var i = 0; i < workers; i++)
        {
            stores.Add(await PostgresDurableStore.OpenAsync(connectionString));
        }

        try
        {
            var ops = new OpRegistry().Register("bench/step", kind == Kind.Idempotent ? EffectClass.Idempotent : EffectClass.Pure, c =>
            {
                if (starts is not null)
                {
                    starts[(int)((IpldInteger)((IpldMap)c.Input)["i"]).Value] = Stopwatch.GetTimestamp();
                }

                return TaskResult.Ok(((IpldMap)c.Input)["i"]);
            });
            var submitted = await WorkSubmission.SubmitAsync(stores[0], stores[0].WorkQueue, workflow, ops);
            var options = () => new DurableWorkerOptions { Concurrency = 64, PollInterval = poll, UnsyncedPureCommits = kind == Kind.Pure };
            var all = stores.Select(s => new DurableWorker(s, s.WorkQueue, ops, options())).ToArray();
            using var stop = new CancellationTokenSource();
            var stopwatch = Stopwatch.StartNew();
            var others = all.Skip(1).Select(w => w.RunAsync(stop.Token)).ToArray();
            var run = await all[0].RunUntilFinishedAsync(submitted.RunId);
            var elapsed = stopwatch.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(others);
            return run.Status == RunStatus.Completed ? elapsed : throw new InvalidOperationException($"The run ended {run.Status}: {run.Error}");
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static WorkflowTask Step(string salt, int i, IpldValue previous) =>
        new(new Instruction("ipfs://bench", "bench/step", IpldMap.Create(("i", i), ("previous", previous), ("salt", salt))));
}
