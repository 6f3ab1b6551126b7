using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ipvm.Durable.Tests.Conformance;

/// <summary>A test case whose skip reason comes from the concrete test class's <see cref="ConformanceSkipAttribute"/>.</summary>
public sealed class ConformanceTestCase : XunitTestCase
{
    /// <summary>For the deserializer.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConformanceTestCase()
    {
    }

    /// <summary>A test case for <paramref name="testMethod"/>.</summary>
    public ConformanceTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.ToRuntimeType()
            .GetCustomAttributes(typeof(ConformanceSkipAttribute), inherit: true)
            .Cast<ConformanceSkipAttribute>()
            .Select(a => a.Reason)
            .FirstOrDefault(r => r is not null)
        ?? base.GetSkipReason(factAttribute);
}
