namespace Ipvm.Durable.Postgres.Migrations;

/// <summary>One versioned schema change: the embedded resource <c>Migrations/NNNN_name.sql</c>.</summary>
/// <param name="Version">The number before the underscore; migrations apply in ascending order.</param>
/// <param name="Name">The rest of the file name.</param>
/// <param name="Sql">The statements, run in one transaction.</param>
internal sealed record Migration(int Version, string Name, string Sql);
