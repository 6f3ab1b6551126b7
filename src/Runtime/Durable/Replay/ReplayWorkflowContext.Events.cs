using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Replay;

internal sealed partial class ReplayWorkflowContext
{
    /// <summary>The op that records what a wait for an event received: the event, or its timeout.</summary>
    public const string EventOp = "workflow/event";

    private static readonly TimeSpan EventPollInterval = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, Task<int>> _consumedByName = new(StringComparer.Ordinal);
    private int _eventPosition;

    public override Task<T> WaitForEvent<T>(string name, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        EnsureInTurn(nameof(WaitForEvent));
        var codec = IpldCodecs.Get<T>();
        var position = _eventPosition++;
        DateTimeOffset? deadline = timeout is { } t ? _now + (t < TimeSpan.Zero ? TimeSpan.Zero : t) : null;
        var input = deadline is { } d
            ? IpldMap.Create(("deadline", d.ToUnixTimeMilliseconds()), ("name", name))
            : IpldMap.Create(("name", name));
        var instruction = new Instruction($"workflow:{RunId}", EventOp, input, new IpldString($"{RunId}/event/{position}"));
        var operation = new PendingOperation($"event '{name}'", instruction.Cid, "event");
        _executor.Track(operation);

        // Waits on one name consume events in issue order: the k-th event goes to the first wait still without one.
        var consumedBefore = _consumedByName.GetValueOrDefault(name) ?? Task.FromResult(0);
        var consumedAfter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _consumedByName[name] = consumedAfter.Task;
        _ = ReceiveAsync(operation, instruction, name, deadline, consumedBefore, consumedAfter);
        return DecodeEvent(operation.Task, codec, name, deadline);
    }

    private async Task ReceiveAsync(PendingOperation operation, Instruction instruction, string name, DateTimeOffset? deadline, Task<int> consumedBefore, TaskCompletionSource<int> consumedAfter)
    {
        var consumed = 0;
        IpldValue? outcome = null;
        try
        {
            consumed = await consumedBefore.ConfigureAwait(false);
            if (await _receipts.FindReceiptAsync(instruction.Cid, _cancellation).ConfigureAwait(false) is not { } recorded)
            {
                outcome = await WaitForEventOrDeadlineAsync(name, consumed, deadline).ConfigureAwait(false);
                _decisions.Post(instruction.Cid, outcome);
            }

            var submission = _run.SubmitAsync(instruction, null, _cancellation);
            var wasRecorded = submission.IsCompleted;
            var receipt = await submission.ConfigureAwait(false);
            outcome = receipt.Out.IsOk ? receipt.Out.Value : null;
            operation.SetReceipt(receipt, wasRecorded);
        }
        catch (Exception e)
        {
            operation.SetError(e);
        }

        consumedAfter.TrySetResult(consumed + (outcome is IpldMap map && map.ContainsKey("event") ? 1 : 0));
        _executor.Signal();
    }

    private async Task<IpldValue> WaitForEventOrDeadlineAsync(string name, int index, DateTimeOffset? deadline)
    {
        while (true)
        {
            var signal = _signals.NextAsync(RunId);
            if (await _journal.GetEventAsync(RunId, name, index, _cancellation).ConfigureAwait(false) is { } payload)
            {
                return IpldMap.Create(("event", payload));
            }

            var wait = EventPollInterval;
            if (deadline is { } d)
            {
                var remaining = d - _time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    return IpldMap.Create(("timeout", true));
                }

                wait = remaining < wait ? remaining : wait;
            }

            await Task.WhenAny(signal, Task.Delay(wait, _time, _cancellation)).ConfigureAwait(false);
            _cancellation.ThrowIfCancellationRequested();
        }
    }

    private async Task<T> DecodeEvent<T>(Task<IpldValue> received, IIpldCodec<T> codec, string name, DateTimeOffset? deadline)
    {
        var outcome = (await received).AsMap();
        if (outcome.TryGetValue("event", out var payload))
        {
            return codec.Decode(payload);
        }

        if (deadline > _now)
        {
            _now = deadline.Value;
        }

        throw new TimeoutException($"No event '{name}' arrived before {deadline:O} (workflow time).");
    }
}
