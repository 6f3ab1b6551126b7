using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Replay;

internal sealed partial class ReplayWorkflowContext
{
    /// <summary>The op that records a fired timer; its receipt is what makes a timer fire once across restarts.</summary>
    public const string TimerOp = "workflow/timer";

    public override Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken = default)
    {
        EnsureInTurn(nameof(CreateTimer));
        return CreateTimer(_now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), cancellationToken);
    }

    public override Task CreateTimer(DateTimeOffset fireAt, CancellationToken cancellationToken = default)
    {
        EnsureInTurn(nameof(CreateTimer));
        var position = _timerPosition++;
        var instruction = new Instruction(
            $"workflow:{RunId}",
            TimerOp,
            IpldMap.Create(("fireAt", fireAt.ToUnixTimeMilliseconds())),
            new IpldString($"{RunId}/timer/{position}"));
        var operation = new PendingOperation($"timer {position}", instruction.Cid, "timer");
        _executor.Track(operation);
        _ = WaitThenSubmitAsync(operation, instruction, fireAt, cancellationToken);
        return AdvanceClockWhenFired(operation.Task, fireAt);
    }

    // The wait happens here, not in a worker slot: a timer costs the engine nothing until it fires. A fired timer
    // has a receipt, so a replay after a restart delivers it at once and a pending one waits only what remains.
    private async Task WaitThenSubmitAsync(PendingOperation operation, Instruction instruction, DateTimeOffset fireAt, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellation, cancellationToken);
            if (await _receipts.FindReceiptAsync(instruction.Cid, linked.Token).ConfigureAwait(false) is null)
            {
                var remaining = fireAt - _time.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, _time, linked.Token).ConfigureAwait(false);
                }
            }

            var submission = _run.SubmitAsync(instruction, null, _cancellation);
            var recorded = submission.IsCompleted;
            operation.SetReceipt(await submission.ConfigureAwait(false), recorded);
        }
        catch (Exception e)
        {
            operation.SetError(e);
        }

        _executor.Signal();
    }

    private async Task AdvanceClockWhenFired(Task<IpldValue> fired, DateTimeOffset fireAt)
    {
        await fired;
        if (fireAt > _now)
        {
            _now = fireAt;
        }
    }
}
