using System.Runtime.InteropServices;
using Ipvm.Durable;
using Ipvm.Durable.Postgres;
using Ipvm.Durable.Postgres.Tests;
using Npgsql;

// Usage: WorkerHost <connection-string> <worker-id> <concurrency> <lease-ms> [label...]
// Works the queue until SIGTERM (graceful) or SIGKILL; retries effects interrupted mid-effect (the sink is keyed).
var (connectionString, workerId, concurrency, leaseMs) = (args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
await using var store = await PostgresDurableStore.OpenAsync(connectionString);
await using var sink = NpgsqlDataSource.Create(connectionString);
var options = new DurableWorkerOptions
{
    WorkerId = workerId,
    Concurrency = concurrency,
    LeaseDuration = TimeSpan.FromMilliseconds(leaseMs),
    HeartbeatInterval = TimeSpan.FromMilliseconds(leaseMs / 4),
    PollInterval = TimeSpan.FromMilliseconds(20),
    StoreRetryMaxDelay = TimeSpan.FromMilliseconds(500),
    RetryInterruptedEffects = true,
};
foreach (var label in args.Skip(4))
{
    options.Labels.Add(label);
}

var worker = new DurableWorker(store, store.WorkQueue, MixedWorkload.Register(new OpRegistry(), sink, workerId), options);
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.WriteLine("ready");
await worker.RunAsync(stop.Token);
Console.WriteLine($"stopped completed={worker.TasksCompleted} fenced={worker.CompletionsFenced}");
return 0;
