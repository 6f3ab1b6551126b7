using System.Diagnostics;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Replay;

namespace Ipvm.Durable;

public sealed partial class WorkflowRuntime
{
    // createdAt is given for a run just created here: it has no effects recorded yet and needs no read.
    private async Task<WorkflowRunResult> ExecuteAsync(WorkflowDefinition definition, Instruction invocation, IRunHandle handle, bool resuming, DateTimeOffset? createdAt, CancellationToken cancellationToken)
    {
        using var activity = DurableTelemetry.Source.StartActivity($"workflow {definition.Name}");
        activity?.SetTag("ipvm.run_id", handle.RunId);
        activity?.SetTag("ipvm.invocation", invocation.Cid.ToString());
        activity?.SetTag("ipvm.resuming", resuming);
        var result = await ExecuteCoreAsync(definition, invocation, handle, resuming, createdAt, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ipvm.status", result.Status.ToString());
        if (result.Status != RunStatus.Completed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        DurableTelemetry.RunsEnded.Add(1, new("workflow", definition.Name), new("status", result.Status.ToString()));
        return result;
    }

    private async Task<WorkflowRunResult> ExecuteCoreAsync(WorkflowDefinition definition, Instruction invocation, IRunHandle handle, bool resuming, DateTimeOffset? createdAt, CancellationToken cancellationToken)
    {
        await using (handle.ConfigureAwait(false))
        {
            createdAt ??= (await _engine.Store.GetRunAsync(handle.RunId, cancellationToken).ConfigureAwait(false))?.CreatedAt;
            IReadOnlyDictionary<int, Cid> effects = resuming || createdAt is null
                ? await _journal.LoadEffectsAsync(handle.RunId, cancellationToken).ConfigureAwait(false)
                : new Dictionary<int, Cid>();
            using var executor = new WorkflowExecutor();

            // Everything the execution waits on ends when the engine stops the run (pause, cancel) or the caller gives up.
            // The run's end, which always comes (disposing the handle ends it), cancels and disposes the source: it
            // is never cancelled after being disposed, which would cost an exception on every run.
            var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = handle.Completion.ContinueWith(static (_, state) => CancelAndDispose((CancellationTokenSource)state!), stopped, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var context = new ReplayWorkflowContext(
                executor, handle, _engine.Store, _journal, effects, _decisions, _signals, this, createdAt ?? _engine.Options.TimeProvider.GetUtcNow(),
                resuming, _engine.Options.TimeProvider, _logger, stopped.Token);
            var arguments = invocation.Input.AsMap()["args"];
            IpldValue output;
            try
            {
                output = await executor.RunAsync(() => definition.Body(context, arguments), stopped.Token).ConfigureAwait(false);
            }
            catch (Exception) when (handle.Completion.IsCompletedSuccessfully && handle.Completion.Result.Status is RunStatus.Paused or RunStatus.Cancelled or RunStatus.Parked or RunStatus.Running)
            {
                // The engine stopped the run (pause, cancel, exhausted retries, or its host shutting down, which leaves
                // it running for the next host): that is how this execution ended, not a workflow failure.
                var stop = handle.Completion.Result;
                return new WorkflowRunResult(handle.RunId, stop.Status, null, stop.Error, invocation.Cid, Replayed: false);
            }
            catch (ReplayDivergenceException e)
            {
                return await StopAsync(handle, invocation, RunStatus.Parked, e.Message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return await StopAsync(handle, invocation, RunStatus.Failed, Describe(e)).ConfigureAwait(false);
            }

            // The run's own receipt: a workflow/run task whose handler hands back the output just computed.
            _decisions.Post(invocation.Cid, output);
            var receipt = await SubmitOwnAsync(handle, definition, invocation, resuming, cancellationToken).ConfigureAwait(false);
            handle.CompleteSubmissions();
            var result = await handle.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (result.Status != RunStatus.Completed && receipt.Out.IsOk)
            {
                // Tasks the workflow caught and handled failed on the way; the workflow itself completed.
                await _engine.Store.SetRunStatusAsync(handle.RunId, RunStatus.Completed, null, _engine.Options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            return Finished(handle.RunId, invocation.Cid, receipt, replayed: false);
        }
    }

    // A fresh run's invocation names the run in its nonce (unless the workflow is pure): nothing recorded it yet. It is
    // the run's last task, so it closes submissions as it is added and the commit recording it also completes the run.
    private static ValueTask<Receipt> SubmitOwnAsync(IRunHandle handle, WorkflowDefinition definition, Instruction invocation, bool resuming, CancellationToken cancellationToken) =>
        !resuming && definition.EffectClass != EffectClass.Pure && handle is RunScheduler scheduler
            ? scheduler.SubmitUnrecordedAsync(new WorkflowTask(invocation), last: true, cancellationToken)
            : handle.SubmitAsync(invocation, null, cancellationToken);

    private async Task<WorkflowRunResult> StopAsync(IRunHandle handle, Instruction invocation, RunStatus status, string reason)
    {
        handle.Pause();
        handle.CompleteSubmissions();
        await handle.Completion.ConfigureAwait(false);
        await _engine.Store.SetRunStatusAsync(handle.RunId, status, reason, _engine.Options.TimeProvider.GetUtcNow()).ConfigureAwait(false);
        return new WorkflowRunResult(handle.RunId, status, null, reason, invocation.Cid, Replayed: false);
    }

    private static void CancelAndDispose(CancellationTokenSource source)
    {
        source.Cancel();
        source.Dispose();
    }

    private static string Describe(Exception e) => e switch
    {
        NonDeterminismException or TaskFailedException => e.Message,
        _ => $"The workflow threw {e.GetType().Name}: {e.Message}",
    };
}
