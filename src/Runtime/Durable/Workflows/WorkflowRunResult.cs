using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>How a workflow run ended.</summary>
/// <param name="RunId">The run; null when a pure workflow's recorded result was returned without a run.</param>
/// <param name="Status">Completed, failed, parked, paused or cancelled.</param>
/// <param name="Output">The workflow's result when it completed.</param>
/// <param name="Error">Why it did not complete.</param>
/// <param name="InvocationCid">The CID of the run's <c>workflow/run</c> instruction.</param>
/// <param name="Replayed">True when the result came from an existing receipt.</param>
public sealed record WorkflowRunResult(string? RunId, RunStatus Status, IpldValue? Output, string? Error, Cid InvocationCid, bool Replayed);
