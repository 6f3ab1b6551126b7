using Ipvm.Durable.Tests.Conformance;

namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>Skips a conformance subclass's inherited tests when this machine has no PostgreSQL (never on CI).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : ConformanceSkipAttribute
{
    /// <inheritdoc />
    public override string? Reason => PostgresBinaries.SkipReason;
}
