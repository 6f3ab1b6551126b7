using Ipvm.Durable;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Sqlite;
using OrderSaga;

// dotnet run --project examples/OrderSaga [-- --crash-after reserve|charge|mail] [--order ID]
// Run it, crash it, run it again: nothing is charged or mailed twice, and a finished order comes back from its receipt.
var order = new Order(Arg("--order") ?? "order-1", "sku-42", 2, 4_999, "ada@example.com");
Services.CrashAfter = Arg("--crash-after");
Directory.CreateDirectory(Services.Folder);
var database = Path.Combine(Services.Folder, "store.db");

await using var store = SqliteDurableStore.Open(database);
using var journal = SqliteWorkflowJournal.Open(store);
var engine = new DurableEngine(store, new OpRegistry());
var runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), journal).AddGeneratedWorkflows();
var client = new WorkflowClient(runtime, engine);

var runId = "order-" + order.Id;
var existing = await store.GetRunAsync(runId);
if (existing is null)
{
    Console.WriteLine($"placing {order.Id} (run {runId})");
    await client.StartAsync(nameof(Orders.PlaceOrder), IpldList.Create(IpldCodecs.Encode(order)), runId);
}
else if (existing.Status == RunStatus.Completed)
{
    Console.WriteLine($"{order.Id} was placed before; its result comes from the run's receipt, nothing runs:");
}
else
{
    Console.WriteLine($"resuming {order.Id} (run {runId}, {existing.Status.ToString().ToLowerInvariant()}): completed steps replay from their receipts");
    await runtime.ResumeAsync(runId, retryInterruptedEffects: true).ContinueWith(_ => { }, TaskScheduler.Default);
}

await client.RaiseEventAsync(runId, "shipped", "parcel 1Z999 handed to the carrier");
var result = await client.GetResultAsync(runId);
Console.WriteLine($"{result.Status}: {result.Output ?? (IpldValue)(result.Error ?? "")}");
Console.WriteLine($"ledgers: {Services.Payments.Count} charge(s), {Services.Mailer.Count} mail(s), {Services.Warehouse.Count} reservation(s)");
var status = await client.GetStatusAsync(runId);
foreach (var call in status.Calls)
{
    Console.WriteLine($"  {call.Name,-16} {call.State,-10} {(call.Replayed ? "replayed" : "ran")}");
}

return result.Status == RunStatus.Completed ? 0 : 1;

string? Arg(string name) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;
