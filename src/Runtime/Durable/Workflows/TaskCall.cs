using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A task call that has been issued: its instruction's CID is known at once, before the task runs, so a later call
/// can take its result as a promise (<see cref="Promise"/>) instead of a value. That is how a workflow that is a
/// static dataflow issues exactly the instructions of its lowered IPVM DAG.
/// </summary>
public sealed class TaskCall
{
    internal TaskCall(Cid instructionCid, Task<IpldValue> result)
    {
        InstructionCid = instructionCid;
        Result = result;
    }

    /// <summary>The CID of the call's instruction.</summary>
    public Cid InstructionCid { get; }

    /// <summary>The task's output, or a <see cref="TaskFailedException"/>.</summary>
    public Task<IpldValue> Result { get; }

    /// <summary><c>{"await/ok": {"/": cid}}</c>: the engine replaces it with this call's output before a dependent runs.</summary>
    public IpldValue Promise => new Promise(PromiseSelector.Ok, InstructionCid).ToIpld();
}
