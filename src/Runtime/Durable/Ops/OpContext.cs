using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Everything a handler gets for one attempt of one task.</summary>
public sealed class OpContext
{
    internal OpContext(string runId, WorkflowTask task, IpldValue input, int attempt, DateTimeOffset? deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        RunId = runId;
        Task = task;
        Input = input;
        Attempt = attempt;
        Deadline = deadline;
        Time = time;
        CancellationToken = cancellationToken;
    }

    /// <summary>The run this task belongs to.</summary>
    public string RunId { get; }

    /// <summary>The task, with its instruction and meta.</summary>
    public WorkflowTask Task { get; }

    /// <summary>The instruction.</summary>
    public Instruction Instruction => Task.Run;

    /// <summary>The input with every promise replaced by the awaited value.</summary>
    public IpldValue Input { get; }

    /// <summary>The task's limits (<c>meta</c>).</summary>
    public TaskMeta Meta => Task.Meta;

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; }

    /// <summary>When the task times out (from <c>meta.time</c>), or null.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>The clock to use.</summary>
    public TimeProvider Time { get; }

    /// <summary>Cancelled on timeout, pause or cancellation of the run.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A key that is the same for every attempt of this task in this run, for effectful handlers to deduplicate on.</summary>
    public string IdempotencyKey => $"{RunId}/{Task.InstructionCid}";
}
