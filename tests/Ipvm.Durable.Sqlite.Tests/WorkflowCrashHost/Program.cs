using Ipvm.Durable;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Sqlite;
using Ipvm.Durable.WorkflowCrashTesting;

// Usage: WorkflowCrashHost DATABASE SINK-FOLDER RUN-ID
// Starts the saga run, or resumes it (retrying interrupted effects: the charge sink deduplicates by key).
// Exit 0 when the run completed, 1 otherwise.
var (database, sinks, runId) = (args[0], args[1], args[2]);
await using var store = SqliteDurableStore.Open(database);
using var journal = SqliteWorkflowJournal.Open(store);
var engine = new DurableEngine(store, new OpRegistry(), new DurableEngineOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(5) });
var runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), journal);
SagaWorkflow.Register(runtime, sinks);

var result = await journal.GetInvocationAsync(runId) is null
    ? await runtime.RunAsync(SagaWorkflow.Name, IpldValue.Null, runId)
    : await runtime.ResumeAsync(runId, retryInterruptedEffects: true);
Console.WriteLine($"{result.Status} {result.Error} {result.Output}");
return result.Status == RunStatus.Completed ? 0 : 1;
