using System.CommandLine;
using System.Runtime.InteropServices;
using Ipvm.Durable.Postgres;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm worker --store postgres://...</c>: work the store's queue until Ctrl+C or SIGTERM, then stop gracefully.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var store = DurableCli.StoreOption();
        var labels = new Option<string[]>("--label") { Description = "A label this worker offers (repeatable): gpu, region=eu. Tasks listing labels in meta.labels need all of them.", AllowMultipleArgumentsPerToken = false };
        var concurrency = new Option<int?>("--concurrency") { Description = "Tasks run at once (default: processor count)." };
        var retryEffects = new Option<bool>("--retry-effects") { Description = "Run again an effectful task whose worker was lost mid-effect (same idempotency key) instead of parking its run." };
        var command = new Command("worker", "Run tasks from a PostgreSQL store's queue beside any number of other workers, until Ctrl+C or SIGTERM.") { store, labels, concurrency, retryEffects };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var queueStore = QueueRun.RequirePostgres(db, "ipvm worker");
            var options = QueueRun.WorkerOptions(result.GetValue(concurrency), result.GetValue(retryEffects));
            foreach (var label in result.GetValue(labels) ?? [])
            {
                options.Labels.Add(label);
            }

            DurableWorker worker;
            try
            {
                worker = new DurableWorker(db, queueStore.WorkQueue, DurableCli.CreateEngine(db).Ops, options);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new CliException(e.Message);
            }

            Console.WriteLine($"worker {worker.Info.Id}: ops [{string.Join(", ", worker.Info.Ops)}], labels [{string.Join(", ", worker.Info.Labels)}]; Ctrl+C stops it");

            // Ctrl+C or SIGTERM: no new claims; running tasks finish and are recorded, then the process exits.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Graceful);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Graceful);
            await worker.RunAsync(stop.Token);
            Console.WriteLine($"worker {worker.Info.Id} stopped: {worker.TasksCompleted} task(s) completed, {worker.CompletionsFenced} fenced");
            return 0;

            void Graceful(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }
}
