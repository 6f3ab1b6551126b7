using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// An IPVM task <c>{run, cause, meta, prf}</c>: an instruction plus what is not hashed into the
/// instruction CID (its cause, its resource limits and its proofs).
/// </summary>
public sealed class WorkflowTask
{
    private IpldMap? _ipld;
    private Cid? _invocationCid;

    /// <summary>Creates a task.</summary>
    public WorkflowTask(Instruction run, TaskMeta? meta = null, IpldValue? cause = null, IpldList? proofs = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        Run = run;
        Meta = meta ?? TaskMeta.Empty;
        Cause = cause ?? IpldValue.Null;
        Proofs = proofs ?? IpldList.Empty;
    }

    /// <summary>The instruction (<c>run</c>).</summary>
    public Instruction Run { get; }

    /// <summary>The cause (<c>cause</c>), usually null.</summary>
    public IpldValue Cause { get; }

    /// <summary>Resource limits and annotations (<c>meta</c>).</summary>
    public TaskMeta Meta { get; }

    /// <summary>UCAN proofs (<c>prf</c>).</summary>
    public IpldList Proofs { get; }

    /// <summary>The instruction CID, the memoization key.</summary>
    public Cid InstructionCid => Run.Cid;

    /// <summary>The invocation CID: the CID of <c>{"task": task}</c>, which receipts name in <c>ran</c>.</summary>
    public Cid InvocationCid => _invocationCid ??= IpvmCid.Of(IpldMap.Create(("task", ToIpld())));

    /// <summary>The IPLD form <c>{cause, meta, prf, run}</c>.</summary>
    public IpldMap ToIpld() => _ipld ??= IpldMap.Create(
        ("cause", Cause),
        ("meta", Meta.Value),
        ("prf", Proofs),
        ("run", Run.ToIpld()));
}
