namespace Ipvm.Durable.Postgres.Writes;

/// <summary>One SQL statement with positional parameters (<c>$1</c>, <c>$2</c>, …); null values are sent as NULL.</summary>
internal sealed record Statement(string Sql, params object?[] Values);
