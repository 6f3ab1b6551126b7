using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ipvm.Durable;

/// <summary>
/// The tracing and metrics names of the runtime, for OpenTelemetry's <c>AddSource</c> and <c>AddMeter</c>: one
/// activity per workflow execution (<c>workflow {name}</c>), and counters of runs by outcome and of calls by
/// whether they replayed a receipt or were scheduled.
/// </summary>
public static class DurableTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>.</summary>
    public const string Name = "Ipvm.Durable";

    internal static readonly ActivitySource Source = new(Name);
    internal static readonly Meter Meter = new(Name);

    /// <summary>Workflow executions that ended, tagged with <c>workflow</c> and <c>status</c>.</summary>
    internal static readonly Counter<long> RunsEnded = Meter.CreateCounter<long>("ipvm.workflow.runs", "{run}", "Workflow executions that ended, by workflow and status.");

    /// <summary>Calls made by workflow code, tagged with <c>kind</c> (task, timer, event, workflow) and <c>replayed</c>.</summary>
    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>("ipvm.workflow.calls", "{call}", "Calls delivered to workflow code, by kind and whether a receipt replayed them.");
}
