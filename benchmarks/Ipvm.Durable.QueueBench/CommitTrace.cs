using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ipvm.Durable.QueueBench;

/// <summary>
/// Splits a chain step's latency where the time goes: in the worker before the completion statement is sent, in the
/// statement's round trip (server work, commit and WAL flush, loopback), and in the worker after its answer, up to the
/// next step's handler. It listens to Npgsql's activities (one per command or batch) and matches each step's
/// completion batch by its SQL.
/// </summary>
internal sealed class CommitTrace : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<(long Start, long End)> _commits = new();

    public CommitTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Medians (ms) of the three parts over the steps of a chain whose handler start times are <paramref name="starts"/>.</summary>
    public string Summarize(long[] starts)
    {
        var commits = _commits.OrderBy(c => c.Start).ToArray();
        var before = new List<double>();
        var trip = new List<double>();
        var after = new List<double>();
        for (var i = 0; i + 1 < starts.Length; i++)
        {
            var inStep = commits.Where(c => c.Start > starts[i] && c.End < starts[i + 1]).ToArray();
            if (inStep.Length != 1)
            {
                continue;
            }

            before.Add(Stopwatch.GetElapsedTime(starts[i], inStep[0].Start).TotalMilliseconds);
            trip.Add(Stopwatch.GetElapsedTime(inStep[0].Start, inStep[0].End).TotalMilliseconds);
            after.Add(Stopwatch.GetElapsedTime(inStep[0].End, starts[i + 1]).TotalMilliseconds);
        }

        return $"{before.Count} steps; medians: handler start to commit sent {Median(before):F3} ms, commit round trip {Median(trip):F3} ms, answer to next handler {Median(after):F3} ms";
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private void Stopped(Activity activity)
    {
        // The batch statement, or the one-task function a chain's lone completions go through.
        if (activity.TagObjects.Any(t => t.Value is string s && (s.Contains("WITH c AS", StringComparison.Ordinal) || s.Contains("queue_complete_one", StringComparison.Ordinal))))
        {
            // Activity times are wall-clock; map them onto the Stopwatch timeline the step starts use.
            var end = Stopwatch.GetTimestamp();
            var start = end - (long)(activity.Duration.TotalSeconds * Stopwatch.Frequency);
            _commits.Enqueue((start, end));
        }
    }
}
