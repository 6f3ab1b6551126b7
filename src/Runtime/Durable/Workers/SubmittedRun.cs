namespace Ipvm.Durable;

/// <summary>The run a submission landed in.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Created">False when an unfinished run of the same workflow already existed and is shared.</param>
public sealed record SubmittedRun(string RunId, bool Created);
