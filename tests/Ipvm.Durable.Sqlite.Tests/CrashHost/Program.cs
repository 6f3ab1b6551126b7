using Ipvm.Durable;
using Ipvm.Durable.CrashTesting;
using Ipvm.Durable.Sqlite;

// Usage: CrashHost <database> <count-file> <run-id>. Starts the run, or resumes it when it exists.
var (database, countFile, runId) = (args[0], args[1], args[2]);
await using var store = SqliteDurableStore.Open(database);
var engine = new DurableEngine(store, CrashWorkflow.Register(new OpRegistry(), countFile, TimeSpan.FromMilliseconds(25)));
var existing = await store.GetRunAsync(runId);
if (existing?.Status == RunStatus.Completed)
{
    Console.WriteLine(existing.Status);
    return 0;
}

var handle = existing is null
    ? await engine.StartAsync(CrashWorkflow.Create(), new RunOptions { RunId = runId })
    : await engine.ResumeAsync(runId);
var result = await handle.Completion;
await handle.DisposeAsync();
Console.WriteLine(result.Status);
return result.Status == RunStatus.Completed ? 0 : 1;
