using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>IPVM0002: new GUIDs. Fixed by <c>ctx.NewGuid()</c>.</summary>
internal static class NewGuidRule
{
    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.NewGuid, "creates a new GUID with", ImmutableArray.Create(
        "M:System.Guid.NewGuid",
        "M:System.Guid.CreateVersion7"));
}
