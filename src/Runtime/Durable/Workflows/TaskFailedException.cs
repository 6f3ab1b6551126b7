namespace Ipvm.Durable;

/// <summary>A task the workflow awaited ended with an error receipt.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for the task <paramref name="taskName"/>, whose instruction is <paramref name="instructionCid"/>.</summary>
    public TaskFailedException(string taskName, Ipld.Cid instructionCid, Ipld.IpldValue error)
        : base($"The task '{taskName}' ({instructionCid}) failed: {error}")
    {
        TaskName = taskName;
        InstructionCid = instructionCid;
        Error = error;
    }

    /// <summary>The task's name.</summary>
    public string TaskName { get; }

    /// <summary>The CID of the failed instruction.</summary>
    public Ipld.Cid InstructionCid { get; }

    /// <summary>The error the receipt recorded.</summary>
    public Ipld.IpldValue Error { get; }
}
