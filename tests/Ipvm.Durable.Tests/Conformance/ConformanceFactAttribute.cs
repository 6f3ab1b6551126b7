using Xunit.Sdk;

namespace Ipvm.Durable.Tests.Conformance;

/// <summary>
/// A fact of a conformance suite: it runs in every subclass, and is skipped in a subclass that carries a
/// <see cref="ConformanceSkipAttribute"/> with a reason (a store whose server this machine lacks).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Ipvm.Durable.Tests.Conformance.ConformanceFactDiscoverer", "Ipvm.Durable.Tests")]
public sealed class ConformanceFactAttribute : FactAttribute
{
}
