using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Replay;

/// <summary>
/// One thing workflow code awaits from the context (a task call, a timer). Its outcome may arrive on any thread,
/// but it is handed to workflow code only by the executor, on its turn and in issue order, so the code sees
/// the same sequence of results on every execution.
/// </summary>
internal sealed class PendingOperation(string name, Cid instructionCid, string kind = "task")
{
    // Default options: completing on the executor's turn runs the continuation there, under its context.
    private readonly TaskCompletionSource<IpldValue> _completion = new();
    private IpldValue? _value;
    private Exception? _error;
    private int _ready;

    public string Name { get; } = name;

    public Cid InstructionCid { get; } = instructionCid;

    /// <summary>task, timer, event or workflow: a metrics tag.</summary>
    public string Kind { get; } = kind;

    /// <summary>True when the outcome was already recorded when the call was made (a memo hit).</summary>
    public bool WasRecorded { get; private set; }

    public Task<IpldValue> Task => _completion.Task;

    public bool IsReady => Volatile.Read(ref _ready) != 0;

    public void SetReceipt(Receipt receipt, bool recorded)
    {
        WasRecorded = recorded;
        if (receipt.Out.IsOk)
        {
            _value = receipt.Out.Value;
        }
        else
        {
            _error = new TaskFailedException(Name, InstructionCid, receipt.Out.Value);
        }

        Volatile.Write(ref _ready, 1);
    }

    public void SetValue(IpldValue value, bool recorded)
    {
        WasRecorded = recorded;
        _value = value;
        Volatile.Write(ref _ready, 1);
    }

    public void SetError(Exception error)
    {
        _error = error;
        Volatile.Write(ref _ready, 1);
    }

    /// <summary>Completes the task workflow code awaits; call only on the executor's turn.</summary>
    public void Deliver()
    {
        if (_error is not null)
        {
            _completion.SetException(_error);
        }
        else
        {
            _completion.SetResult(_value!);
        }
    }
}
