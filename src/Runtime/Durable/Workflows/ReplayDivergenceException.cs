namespace Ipvm.Durable;

/// <summary>
/// Replayed workflow code asked for a different effect at a position where the run's journal records one: the
/// code changed under a run that had already started effects. The run is parked before the new effect starts.
/// </summary>
public sealed class ReplayDivergenceException : Exception
{
    /// <summary>Creates the exception for the effect at <paramref name="position"/>.</summary>
    public ReplayDivergenceException(int position, Ipld.Cid expected, Ipld.Cid actual, string taskName)
        : base($"Replay diverged at effect position {position}: the journal records {expected} but the code now asks for {actual} ('{taskName}'). The run is parked; no new effect was started.")
    {
        Position = position;
        Expected = expected;
        Actual = actual;
        TaskName = taskName;
    }

    /// <summary>The effect's position: how many effectful calls the run made before it.</summary>
    public int Position { get; }

    /// <summary>The instruction CID the journal records at the position.</summary>
    public Ipld.Cid Expected { get; }

    /// <summary>The instruction CID the replayed code asked for.</summary>
    public Ipld.Cid Actual { get; }

    /// <summary>The task the replayed code called.</summary>
    public string TaskName { get; }
}
