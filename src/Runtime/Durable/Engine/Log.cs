using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable;

/// <summary>Source-generated log messages of the runtime, with stable event ids (1xxx engine, 2xxx stores).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Run {RunId} finished {Status}{Reason}")]
    private static partial void RunFinishedCore(ILogger logger, string runId, RunStatus status, string reason);

    public static void RunFinished(ILogger logger, string runId, RunStatus status, string? reason) =>
        RunFinishedCore(logger, runId, status, reason is null ? string.Empty : ": " + reason);

    [LoggerMessage(1002, LogLevel.Warning, "Run {RunId}: task {Index} ({InstructionCid}) attempt {Attempt} failed, retrying: {Problem}")]
    public static partial void TaskRetrying(ILogger logger, string runId, int index, Cid instructionCid, int attempt, string problem);

    [LoggerMessage(1003, LogLevel.Error, "Run {RunId}: task {Index} ({InstructionCid}) parks the run: {Problem}")]
    public static partial void TaskParked(ILogger logger, string runId, int index, Cid instructionCid, string problem);

    [LoggerMessage(1004, LogLevel.Error, "Run {RunId}: the store failed")]
    public static partial void StoreFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2001, LogLevel.Error, "Corrupt {What} {Cid} in the store: {Problem}; treated as absent")]
    public static partial void CorruptRow(ILogger logger, string what, string cid, string problem);
}
