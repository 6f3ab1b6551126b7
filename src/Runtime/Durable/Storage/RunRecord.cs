using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A run as stored.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Status">The status.</param>
/// <param name="WorkflowCid">The workflow block's CID, or null for a run whose tasks are submitted one at a time.</param>
/// <param name="Name">The workflow's name, if any.</param>
/// <param name="CreatedAt">When the run was created.</param>
/// <param name="UpdatedAt">When the status last changed.</param>
/// <param name="Request">A pending pause or cancel request.</param>
/// <param name="Error">Why the run is failed or parked.</param>
public sealed record RunRecord(
    string RunId,
    RunStatus Status,
    Cid? WorkflowCid,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    RunRequest Request = RunRequest.None,
    string? Error = null)
{
    /// <summary>True for Completed, Failed and Cancelled.</summary>
    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
