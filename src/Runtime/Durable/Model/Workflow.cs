using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>An IPVM workflow <c>{tasks: [...]}</c>, optionally named by the file's envelope.</summary>
public sealed class Workflow
{
    private IpldMap? _ipld;
    private byte[]? _block;
    private Cid? _cid;

    /// <summary>Creates a workflow from tasks in order.</summary>
    public Workflow(IEnumerable<WorkflowTask> tasks, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        Tasks = [.. tasks];
        Name = name;
    }

    /// <summary>The tasks, in file order; a task's index is its position here.</summary>
    public IReadOnlyList<WorkflowTask> Tasks { get; }

    /// <summary>The name from the <c>{name, workflow}</c> envelope; not hashed.</summary>
    public string? Name { get; }

    /// <summary>The workflow CID: the CID of <c>{"tasks": [...]}</c> (the name is not included).</summary>
    public Cid Cid => _cid ??= IpvmCid.OfEncoded(Block.Span);

    /// <summary>The workflow block: <see cref="ToIpld"/> in DAG-CBOR, encoded once (a run stores it each time it starts).</summary>
    public ReadOnlyMemory<byte> Block => _block ??= DagCbor.Encode(ToIpld());

    /// <summary>The IPLD form <c>{tasks}</c>.</summary>
    public IpldMap ToIpld() => _ipld ??= IpldMap.Create(("tasks", IpldList.Create(Tasks.Select(t => (IpldValue)t.ToIpld()))));

    /// <summary>The IPLD form with the envelope: <c>{name, workflow}</c>.</summary>
    public IpldMap ToEnvelope() => IpldMap.Create(("name", Name ?? string.Empty), ("workflow", ToIpld()));
}
