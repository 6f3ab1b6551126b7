namespace Ipvm.Durable;

/// <summary>Rules shared by the stores for requests.</summary>
public static class RunRequests
{
    /// <summary>The request left standing after the status becomes <paramref name="status"/>: a status that answers the request clears it.</summary>
    public static RunRequest AfterStatus(RunRequest request, RunStatus status) => status switch
    {
        RunStatus.Paused when request == RunRequest.Pause => RunRequest.None,
        RunStatus.Cancelled or RunStatus.Completed or RunStatus.Failed => RunRequest.None,
        _ => request,
    };
}
