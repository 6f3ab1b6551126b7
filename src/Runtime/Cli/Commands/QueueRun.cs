using Ipvm.Durable.Postgres;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm run</c> on a PostgreSQL store: submit to the queue, then return (--detach) or work as one worker until the run ends.</summary>
internal static class QueueRun
{
    /// <summary>A worker whose heartbeat is older than this counts as gone when looking for a capable one (three default heartbeats).</summary>
    public static readonly TimeSpan WorkerLiveness = TimeSpan.FromSeconds(30);

    public static PostgresDurableStore RequirePostgres(IDurableStore store, string command) =>
        store as PostgresDurableStore ?? throw new CliException($"{command} needs a shared store: --store postgres://user@host:port/db (or IPVM_STORE)");

    public static DurableWorkerOptions WorkerOptions(int? concurrency, bool retryEffects)
    {
        var options = new DurableWorkerOptions { RetryInterruptedEffects = retryEffects };
        if (concurrency is { } c)
        {
            options.Concurrency = c;
        }

        return options;
    }

    public static async Task<int> RunAsync(PostgresDurableStore store, DurableEngine engine, Workflow workflow, string file, bool detach, bool json, int? concurrency, CancellationToken cancellationToken)
    {
        SubmittedRun submitted;
        try
        {
            submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, workflow, engine.Ops, cancellationToken: cancellationToken);
        }
        catch (WorkflowValidationException e)
        {
            throw new CliException($"{CliInput.Describe(file)}: invalid workflow: {e.Message}", DurableCli.InvalidWorkflow);
        }

        if (json && detach)
        {
            Console.WriteLine($"{{\"run\":\"{submitted.RunId}\"}}");
        }
        else if (!json)
        {
            Console.WriteLine(submitted.Created ? $"run {submitted.RunId}" : $"run {submitted.RunId} (already submitted and unfinished: joined)");
        }

        if (detach)
        {
            return 0;
        }

        var worker = new DurableWorker(store, store.WorkQueue, engine.Ops, WorkerOptions(concurrency, retryEffects: false));
        var run = await worker.RunUntilFinishedAsync(submitted.RunId, cancellationToken);
        await StatusView.PrintAsync(store, submitted.RunId, json);
        if (run.Status != RunStatus.Completed)
        {
            await Console.Error.WriteLineAsync($"ipvm: run {submitted.RunId} {run.Status.ToString().ToLowerInvariant()}: {run.Error ?? "see the task table"}");
            return 1;
        }

        return 0;
    }

    /// <summary>Lines for <c>ipvm status</c>: runnable tasks of the run that no live worker can run, and what they need.</summary>
    public static async Task PrintWaitingAsync(IDurableStore store, string runId, bool json)
    {
        if (json || store is not PostgresDurableStore postgres)
        {
            return;
        }

        foreach (var waiting in await postgres.WorkQueue.FindWaitingAsync(runId, WorkerLiveness))
        {
            Console.WriteLine(waiting.ToString());
        }
    }
}
