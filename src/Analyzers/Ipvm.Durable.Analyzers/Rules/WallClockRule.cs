using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>IPVM0001: the wall clock. Fixed by <c>ctx.UtcNow</c> where a context is in reach.</summary>
internal static class WallClockRule
{
    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.WallClock, "reads the wall clock through", ImmutableArray.Create(
        "M:System.DateTime.Now",
        "M:System.DateTime.UtcNow",
        "M:System.DateTime.Today",
        "M:System.DateTimeOffset.Now",
        "M:System.DateTimeOffset.UtcNow",
        "T:System.TimeProvider",
        "T:System.Diagnostics.Stopwatch",
        "M:System.Environment.TickCount",
        "M:System.Environment.TickCount64"));
}
