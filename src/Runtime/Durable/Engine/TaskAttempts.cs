using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable;

/// <summary>
/// Runs a task's handler with the timeout of its <c>meta.time</c> and the retries of its effect class. Shared by
/// the in-process scheduler and the queue workers, so a task behaves alike wherever it runs.
/// </summary>
internal static class TaskAttempts
{
    /// <summary>The outcome, or null when <paramref name="cancellationToken"/> stopped it (nothing is recorded then).</summary>
    public static async ValueTask<AttemptOutcome?> RunAsync(
        OpDefinition op,
        EffectClass effectClass,
        string runId,
        int index,
        WorkflowTask task,
        IpldValue input,
        RetryPolicy policy,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var maxAttempts = policy.MaxAttempts(op, effectClass);
        var started = time.GetTimestamp();
        var limit = task.Meta.Time;
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = limit is { } t ? new CancellationTokenSource(t, time) : null;
            using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var token = linked?.Token ?? cancellationToken;
            var deadline = limit is { } l ? time.GetUtcNow() + l : (DateTimeOffset?)null;
            string problem;
            try
            {
                var pending = op.Handler(new OpContext(runId, task, input, attempt, deadline, time, token));
                var result = pending.IsCompletedSuccessfully ? pending.Result
                    : timeout is null ? await pending.ConfigureAwait(false)
                    : await WithinDeadlineAsync(pending, timeout.Token).ConfigureAwait(false);
                return Done(result, attempt, park: null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true)
            {
                return Done(TaskResult.Error($"timed out after {limit!.Value.TotalMilliseconds} ms (meta.time)"), attempt, park: null);
            }
            catch (HandlerAbandonedException)
            {
                var why = $"timed out after {limit!.Value.TotalMilliseconds} ms (meta.time); the handler ignored its cancellation and was abandoned";
                return effectClass == EffectClass.Effectful
                    ? Done(TaskResult.Error(why + ", so its effect may still happen"), attempt, park: $"task {index} ({task.InstructionCid}): {why}")
                    : Done(TaskResult.Error(why), attempt, park: null);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name}: {e.Message}";
            }

            if (attempt >= maxAttempts)
            {
                var why = effectClass == EffectClass.Effectful
                    ? $"effectful op '{op.Op}' failed and is never retried blindly: {problem}"
                    : $"op '{op.Op}' failed {attempt} time(s), the last with {problem}";
                Log.TaskParked(logger, runId, index, task.InstructionCid, why);
                return Done(TaskResult.Error(why, null), attempt, park: $"task {index} ({task.InstructionCid}): {why}");
            }

            Log.TaskRetrying(logger, runId, index, task.InstructionCid, attempt, problem);
            var delay = policy.Delay(effectClass, attempt);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }

        AttemptOutcome Done(TaskResult result, int attempts, string? park) => new(result, attempts, time.GetElapsedTime(started), park);
    }

    /// <summary>
    /// The handler's result, or <see cref="HandlerAbandonedException"/> when the deadline passes and the handler
    /// still runs: meta.time bounds how long the run waits, not only how long a cooperative handler runs.
    /// </summary>
    private static async ValueTask<TaskResult> WithinDeadlineAsync(ValueTask<TaskResult> pending, CancellationToken deadline)
    {
        var running = pending.AsTask();
        try
        {
            return await running.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !running.IsCompleted)
        {
            // Observe its end so a late failure is not reported as unobserved.
            _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new HandlerAbandonedException();
        }
    }

    private sealed class HandlerAbandonedException : Exception;
}

/// <summary>What the attempts came to: the result for the receipt, how many were made, and why the run parks, if it does.</summary>
internal readonly record struct AttemptOutcome(TaskResult Result, int Attempts, TimeSpan Duration, string? Park);
