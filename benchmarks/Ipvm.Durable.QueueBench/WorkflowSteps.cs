using System.Diagnostics;
using System.Globalization;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres;

namespace Ipvm.Durable.QueueBench;

/// <summary>
/// Steps as DBOS runs them: a workflow run by the host on the PostgreSQL store, its calls executed in the workflow's
/// own process and each one's receipt committed synchronously before the next call starts. No queue, lease or
/// claim: the path of a <c>[Workflow]</c> in a host configured with <c>o.UsePostgres(...)</c>, where the chain in
/// <see cref="Steps"/> is the path of a task handed through the database to a leased worker.
/// </summary>
internal static class WorkflowSteps
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    private static readonly TaskDescriptor Step = new("Step", DotnetTaskRegistry.Op, "dotnet:QueueBench/Steps.Step@v1", EffectClass.Idempotent);

    /// <summary>
    /// Runs one workflow of <paramref name="count"/> sequential idempotent calls, after 5 s of shorter ones to warm up
    /// (through a store of their own), and returns the gaps between consecutive calls' starts in milliseconds, sorted,
    /// and the server's WAL flushes per call (from <c>pg_stat_wal</c>; NaN before PostgreSQL 14): one or a little
    /// more (the run's start and end) shows that every call's commit waited for its own flush.
    /// </summary>
    public static async Task<(double[] Gaps, double FlushesPerStep)> RunAsync(string connectionString, int count)
    {
        // A host runs for long: warm up until tiered compilation has settled (it takes seconds of steady calls).
        var warmUp = Stopwatch.StartNew();
        await RunWorkflowsAsync(connectionString, Math.Min(count, 300), () => warmUp.Elapsed < WarmUp);

        // Backends report their WAL statistics on exit (or idle, within seconds): the stores closed their connections.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var flushed = await WalFlushesAsync(connectionString);
        var runs = 0;
        var starts = await RunWorkflowsAsync(connectionString, count, () => runs++ == 0);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var flushes = await WalFlushesAsync(connectionString) - flushed;
        var gaps = starts.Zip(starts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Order().ToArray();
        return (gaps, flushes / count);
    }

    // Runs workflows of `calls` calls while `more` says so, on a store of their own; returns the last run's calls' starts.
    private static async Task<List<long>> RunWorkflowsAsync(string connectionString, int calls, Func<bool> more)
    {
        await using var store = await PostgresDurableStore.OpenAsync(connectionString);
        using var journal = PostgresWorkflowJournal.Open(store);
        var runtime = new WorkflowRuntime(new DurableEngine(store, new OpRegistry()), new DotnetTaskRegistry(), journal);
        var starts = new List<long>(calls);
        runtime.Tasks.Add(Step, (input, _) =>
        {
            starts.Add(Stopwatch.GetTimestamp());
            return ValueTask.FromResult<IpldValue>(input.AsInt64() + 1);
        });
        runtime.AddWorkflow(new WorkflowDefinition("Chain", "dotnet:QueueBench/Chain@v1", EffectClass.Effectful, async (context, input) =>
        {
            var count = (int)input.AsInt64();
            IpldValue value = 0L;
            for (var i = 0; i < count; i++)
            {
                value = await context.CallTaskAsync(Step, value);
            }

            return value;
        }));

        while (more())
        {
            starts.Clear();
            var run = await runtime.RunAsync("Chain", (long)calls);
            if (run.Status != RunStatus.Completed || starts.Count != calls)
            {
                throw new InvalidOperationException($"The workflow ended {run.Status} after {starts.Count} of {calls} calls: {run.Error}");
            }
        }

        return starts;
    }

    private static async Task<double> WalFlushesAsync(string connectionString)
    {
        try
        {
            return double.Parse(await Sql.ScalarAsync(connectionString, "SELECT wal_sync FROM pg_stat_wal"), CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException)
        {
            return double.NaN;
        }
    }
}
