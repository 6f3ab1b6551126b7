using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>IPVM0008: the process, the machine, the user, the current directory and the console.</summary>
internal static class EnvironmentRule
{
    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Environment, "reads the process or its environment through", ImmutableArray.Create(
        "T:System.Environment",
        "T:System.Console",
        "T:System.AppDomain",
        "M:System.AppContext.BaseDirectory",
        "M:System.AppContext.GetData",
        "T:System.Diagnostics.Process",
        "T:System.Diagnostics.ProcessStartInfo",
        "T:System.Runtime.InteropServices.RuntimeInformation",
        "T:System.TimeZoneInfo",
        "M:System.DateTime.ToLocalTime",
        "M:System.DateTime.ToUniversalTime",
        "M:System.DateTimeOffset.ToLocalTime",
        "M:System.DateTimeOffset.LocalDateTime",
        "T:System.GC",
        "T:System.OperatingSystem"));
}
