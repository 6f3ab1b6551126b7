namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>A fact that needs a PostgreSQL server: skipped, with the reason, when the machine has none (never on CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when PostgreSQL is missing.</summary>
    public PostgresFactAttribute() => Skip = PostgresBinaries.SkipReason;
}
