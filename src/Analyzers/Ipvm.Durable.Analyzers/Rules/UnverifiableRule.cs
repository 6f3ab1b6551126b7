using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>
/// IPVM0012: what cannot be proven. Reflection, native memory and the like from this table; dynamic, pointers,
/// function pointers and P/Invoke from the walker; and every external call that is neither [Deterministic] nor
/// known-deterministic.
/// </summary>
internal static class UnverifiableRule
{
    public const string UnknownExternalVerb = "calls '{0}' in '{1}', which is neither [Deterministic] nor on the list of known-deterministic APIs";

    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Unverifiable, "cannot be verified: it uses reflection or native memory through", ImmutableArray.Create(
        "N:System.Reflection",
        "T:System.Activator",
        "M:System.Type.InvokeMember",
        "M:System.Type.GetType",
        "M:System.Delegate.DynamicInvoke",
        "T:System.Runtime.CompilerServices.Unsafe",
        "T:System.Runtime.CompilerServices.RuntimeHelpers",
        "T:System.Runtime.InteropServices.Marshal",
        "T:System.Runtime.InteropServices.NativeMemory",
        "T:System.Runtime.InteropServices.MemoryMarshal",
        "T:System.Runtime.InteropServices.CollectionsMarshal",
        "T:System.Runtime.InteropServices.GCHandle"));
}
