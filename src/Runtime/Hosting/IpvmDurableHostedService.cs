using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ipvm.Durable.Hosting;

/// <summary>
/// Resumes unfinished runs (pending or running; not paused, parked, cancelled, completed or failed) when the
/// host starts: workflow files through the engine, and, when workflows are added, workflow runs through the
/// client (their code replays and pending timers wait only what remains). On shutdown it stops every live run
/// of the engine without finishing it: no new task starts, running tasks finish and are recorded, and the run
/// stays running in the store for the next host.
/// </summary>
internal sealed partial class IpvmDurableHostedService(
    DurableEngine engine,
    IOptions<IpvmDurableOptions> options,
    IServiceProvider services,
    ILogger<IpvmDurableHostedService> logger) : IHostedService
{
    private readonly List<Task> _observers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ResumeOnStart)
        {
            return;
        }

        var unfinished = (await engine.Store.ListRunsAsync(cancellationToken).ConfigureAwait(false))
            .Where(static run => run.Status is RunStatus.Pending or RunStatus.Running)
            .ToList();
        var client = services.GetService<IWorkflowClient>();
        var journal = client is null ? null : services.GetRequiredService<IWorkflowJournal>();
        foreach (var run in unfinished)
        {
            try
            {
                if (run.WorkflowCid is not null && options.Value.Store == IpvmStoreKind.Postgres)
                {
                    // On a shared database, workflow files belong to the work queue: workers claim their tasks under
                    // fenced leases. Running them here as well would bypass those leases.
                    LogLeftToWorkers(logger, run.RunId);
                }
                else if (run.WorkflowCid is not null)
                {
                    var handle = await engine.ResumeAsync(run.RunId, null, cancellationToken).ConfigureAwait(false);
                    LogResumed(logger, run.RunId, run.Status);
                    _observers.Add(ObserveAsync(handle));
                }
                else if (client is not null && await journal!.GetInvocationAsync(run.RunId, cancellationToken).ConfigureAwait(false) is not null)
                {
                    // A child run ("parent.N") resumes inside its parent's replay, never beside it.
                    if (!unfinished.Exists(parent => run.RunId.StartsWith(parent.RunId + ".", StringComparison.Ordinal)))
                    {
                        await client.ResumeAsync(run.RunId, cancellationToken).ConfigureAwait(false);
                        LogResumed(logger, run.RunId, run.Status);
                        _observers.Add(ObserveAsync(client, run.RunId));
                    }
                }
                else
                {
                    // Its tasks come from workflow code this host does not run; the engine alone has nothing to run.
                    LogNoWorkflow(logger, run.RunId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogResumeFailed(logger, run.RunId, e);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.SuspendRunsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStopFailed(logger, e);
        }

        await Task.WhenAll(_observers).ConfigureAwait(false);
    }

    private async Task ObserveAsync(IRunHandle handle)
    {
        try
        {
            var result = await handle.Completion.ConfigureAwait(false);
            LogRunEnded(logger, result.RunId, result.Status, result.Error);
        }
        catch (Exception e)
        {
            LogRunFailed(logger, handle.RunId, e);
        }
        finally
        {
            await handle.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ObserveAsync(IWorkflowClient client, string runId)
    {
        try
        {
            var result = await client.GetResultAsync(runId).ConfigureAwait(false);
            LogRunEnded(logger, runId, result.Status, result.Error);
        }
        catch (Exception e)
        {
            LogRunFailed(logger, runId, e);
        }
    }

    [LoggerMessage(3001, LogLevel.Information, "Resumed run {RunId} (was {Status})")]
    private static partial void LogResumed(ILogger logger, string runId, RunStatus status);

    [LoggerMessage(3002, LogLevel.Error, "Could not resume run {RunId}")]
    private static partial void LogResumeFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(3003, LogLevel.Information, "Run {RunId} ended {Status} {Error}")]
    private static partial void LogRunEnded(ILogger logger, string runId, RunStatus status, string? error);

    [LoggerMessage(3004, LogLevel.Error, "Run {RunId} stopped with an error")]
    private static partial void LogRunFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(3005, LogLevel.Information, "Run {RunId} has no stored workflow (its tasks come from workflow code this host does not run: add them with AddWorkflows); not resumed here")]
    private static partial void LogNoWorkflow(ILogger logger, string runId);

    [LoggerMessage(3007, LogLevel.Information, "Run {RunId} is a workflow file on the shared PostgreSQL store: left to the work queue's workers (AddWorker, ipvm worker)")]
    private static partial void LogLeftToWorkers(ILogger logger, string runId);

    [LoggerMessage(3006, LogLevel.Error, "Stopping the live runs failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
