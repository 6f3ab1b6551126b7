using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable;

/// <summary>Log messages of the queue workers (11xx).</summary>
internal static partial class Log
{
    [LoggerMessage(1101, LogLevel.Warning, "Worker {WorkerId}: the queue failed ({Operation}); retrying in {DelayMs} ms")]
    public static partial void QueueFailed(ILogger logger, string workerId, string operation, double delayMs, Exception exception);

    [LoggerMessage(1102, LogLevel.Warning, "Worker {WorkerId}: lost the lease of task {Index} of run {RunId}; another worker holds it now")]
    public static partial void LeaseLost(ILogger logger, string workerId, string runId, int index);

    [LoggerMessage(1103, LogLevel.Information, "Worker {WorkerId}: completion of task {Index} of run {RunId} fenced; the recorded result stands")]
    public static partial void CompletionFenced(ILogger logger, string workerId, string runId, int index);

    [LoggerMessage(1104, LogLevel.Error, "Worker {WorkerId}: task {Index} ({InstructionCid}) of run {RunId} failed in the worker")]
    public static partial void WorkerTaskFailed(ILogger logger, string workerId, string runId, int index, Cid instructionCid, Exception exception);
}
