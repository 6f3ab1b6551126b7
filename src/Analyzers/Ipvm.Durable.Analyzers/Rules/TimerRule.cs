using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>IPVM0004: sleeps, delays and timers. Fixed by <c>ctx.CreateTimer(...)</c>.</summary>
internal static class TimerRule
{
    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Timer, "waits on real time with", ImmutableArray.Create(
        "M:System.Threading.Thread.Sleep",
        "M:System.Threading.Tasks.Task.Delay",
        "T:System.Threading.Timer",
        "T:System.Threading.PeriodicTimer",
        "T:System.Timers.Timer",
        "T:System.Threading.SpinWait",
        "M:System.Threading.CancellationTokenSource.CancelAfter",
        "M:System.Threading.Tasks.Task.WaitAsync"));
}
