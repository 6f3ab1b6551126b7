namespace Ipvm.Durable.Tests.Conformance;

/// <summary>
/// Put on a conformance subclass to skip its inherited <see cref="ConformanceFactAttribute"/> tests when
/// <see cref="Reason"/> is not null, decided when tests are discovered (an attribute cannot hold a computed value).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class ConformanceSkipAttribute : Attribute
{
    /// <summary>Why the subclass's tests cannot run here, or null when they can.</summary>
    public abstract string? Reason { get; }
}
