using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Ipvm.Durable.Tests.Replay.WorkflowHarness;

namespace Ipvm.Durable.Tests.Replay;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Workflow_executions_are_traced_and_counted_under_the_documented_names()
    {
        var activities = new ConcurrentBag<Activity>();
        var measurements = new ConcurrentBag<(string Instrument, long Value, string Tags)>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(activityListener);
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DurableTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meterListener.Start();
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("Traced", EffectClass.Pure, async (ctx, x) => await CallAsync(ctx, Twice, x)));

        var result = await harness.Runtime.RunAsync("Traced", 3L);

        var activity = Assert.Single(activities, a => a.DisplayName == "workflow Traced" && (string?)a.GetTagItem("ipvm.run_id") == result.RunId);
        Assert.Equal("Completed", activity.GetTagItem("ipvm.status"));
        Assert.Contains(measurements, m => m.Instrument == "ipvm.workflow.runs" && m.Tags.Contains("workflow=Traced", StringComparison.Ordinal) && m.Tags.Contains("status=Completed", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m.Instrument == "ipvm.workflow.calls" && m.Tags.Contains("kind=task", StringComparison.Ordinal));
    }
}
