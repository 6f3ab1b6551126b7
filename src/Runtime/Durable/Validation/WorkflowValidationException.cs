using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A workflow that parses but cannot run: a duplicate instruction, a cycle, or an await that names
/// nothing in the workflow or the store. The message names the task index and instruction CID.
/// </summary>
public sealed class WorkflowValidationException : Exception
{
    /// <summary>Creates the exception for the task at <paramref name="taskIndex"/>.</summary>
    public WorkflowValidationException(int taskIndex, Cid instructionCid, string problem)
        : base($"Task {taskIndex} ({instructionCid}): {problem}")
    {
        TaskIndex = taskIndex;
        InstructionCid = instructionCid;
        Problem = problem;
    }

    /// <summary>The index of the offending task in the workflow.</summary>
    public int TaskIndex { get; }

    /// <summary>The offending task's instruction CID.</summary>
    public Cid InstructionCid { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
