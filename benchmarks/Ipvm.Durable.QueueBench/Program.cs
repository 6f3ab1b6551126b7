using System.Diagnostics;
using System.Globalization;
using Ipvm.Durable;
using Ipvm.Durable.Postgres;
using Ipvm.Durable.QueueBench;

// Usage: dotnet run -c Release --project benchmarks/Ipvm.Durable.QueueBench -- <connection-string> [tasks] [chain] [poll-ms] [all|steps|chain|workflow] [trace]
// Measures, on one server: single-row INSERT autocommits per second with 1, 2 and 4 clients; durable steps per
// second with 1, 2 and 4 workers (each with its own store and pool, as separate hosts would have); per-step latency
// along a chain of dependent steps on one worker, beside the latency of one single-row insert autocommit (the floor
// for a synchronously committed step); each for pure steps (unsynced commits), pure steps with synchronous commits,
// and idempotent steps; and last, per-step latency of one workflow of [chain] idempotent calls run by the host on the
// store, as DBOS runs its steps (WorkflowSteps). [poll-ms] sets the workers' PollInterval (20). The fifth argument
// picks a part: steps (the independent steps), chain (the chains and the workflow) or workflow (the workflow alone).
// [trace] as the sixth splits each chain step into the worker's time before and after the commit and its round trip.
var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("Give a connection string.");
var tasks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var chain = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
var poll = TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20);
var only = args.Length > 4 ? args[4] : "all";
var trace = args.Length > 5 && args[5] == "trace";
await using (var setup = await PostgresDurableStore.OpenAsync(connectionString))
{
    Console.WriteLine(await Sql.ScalarAsync(connectionString, "SELECT version()"));
    Console.WriteLine($"fsync={await Sql.ScalarAsync(connectionString, "SHOW fsync")} synchronous_commit={await Sql.ScalarAsync(connectionString, "SHOW synchronous_commit")}");
}

foreach (var clients in only == "all" ? new[] { 1, 2, 4 } : [])
{
    Console.WriteLine($"raw inserts, {clients} client(s): {await RawInserts.RateAsync(connectionString, clients, TimeSpan.FromSeconds(10)):F0}/s");
}

// Pure steps commit without waiting for the log flush (a lost commit only means running them again); pure-synced
// and idempotent steps commit synchronously, as every step of DBOS does (idempotent ones also look their receipt up
// before they run).
var kinds = new[] { Steps.Kind.Pure, Steps.Kind.PureSynced, Steps.Kind.Idempotent };
foreach (var kind in only is "all" or "steps" ? kinds : [])
{
    foreach (var workers in new[] { 1, 2, 4 })
    {
        var elapsed = await Steps.RunAsync(connectionString, Steps.Independent(tasks, $"w{workers}-{kind}-{Stopwatch.GetTimestamp()}"), workers, null, poll, kind);
        Console.WriteLine($"durable steps, {workers} worker(s): {tasks / elapsed.TotalSeconds:F0}/s ({tasks} independent {kind} steps in {elapsed.TotalSeconds:F2} s)");
    }
}

// The floor for a fully durable step: one synchronous commit's round trip, measured just before the chains.
if (only == "steps")
{
    return;
}

if (only == "workflow")
{
    await PrintWorkflowStepsAsync(connectionString, chain);
    return;
}

var floor = await RawInserts.LatenciesAsync(connectionString, chain);
Console.WriteLine($"single-row insert autocommit latency, {chain} in a row: p50 {floor[floor.Length / 2]:F2} ms, p99 {floor[(int)(floor.Length * 0.99)]:F2} ms");
foreach (var kind in kinds)
{
    var starts = new long[chain];
    using var commits = trace ? new CommitTrace() : null;
    var chained = await Steps.RunAsync(connectionString, Steps.Chain(chain, $"chain-{kind}-{Stopwatch.GetTimestamp()}"), 1, starts, poll, kind);
    if (commits is not null)
    {
        Console.WriteLine($"  {kind}: {commits.Summarize(starts)}");
    }

    var gaps = starts.Zip(starts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Order().ToArray();
    Console.WriteLine($"per-step latency along a chain of {chain} {kind} steps: p50 {gaps[gaps.Length / 2]:F2} ms, p99 {gaps[(int)(gaps.Length * 0.99)]:F2} ms, mean {chained.TotalMilliseconds / chain:F2} ms");
}

await PrintWorkflowStepsAsync(connectionString, chain);

static async Task PrintWorkflowStepsAsync(string connectionString, int calls)
{
    var (gaps, flushes) = await WorkflowSteps.RunAsync(connectionString, calls);
    Console.WriteLine($"per-step latency of a workflow of {calls} idempotent calls run by the host on the store: p50 {gaps[gaps.Length / 2]:F2} ms, p99 {gaps[(int)(gaps.Length * 0.99)]:F2} ms, mean {gaps.Average():F2} ms; {flushes:F2} WAL flushes per call");
}
