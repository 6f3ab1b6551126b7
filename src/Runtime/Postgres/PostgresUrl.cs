using System.Globalization;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// <c>postgres://user:password@host:port/database?key=value</c> URLs, as the command line and most hosting
/// platforms write them, turned into Npgsql connection strings. Query parameters are Npgsql connection
/// string keywords (<c>sslmode=require</c>, <c>Timeout=30</c>).
/// </summary>
public static class PostgresUrl
{
    /// <summary>True when <paramref name="value"/> starts with <c>postgres://</c> or <c>postgresql://</c>.</summary>
    public static bool IsUrl(string? value) =>
        value is not null
        && (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    /// <summary>A URL converted to a connection string; anything else is returned unchanged (it is taken to be a connection string).</summary>
    public static string ToConnectionString(string connectionStringOrUrl)
    {
        ArgumentNullException.ThrowIfNull(connectionStringOrUrl);
        return IsUrl(connectionStringOrUrl) ? Convert(connectionStringOrUrl) : connectionStringOrUrl;
    }

    private static string Convert(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Malformed(url, "expected postgres://user[:password]@host[:port]/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.IdnHost.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw Malformed(url, $"'{database}' is not a database name (one path segment)");
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException e)
            {
                throw Malformed(url, string.Create(CultureInfo.InvariantCulture, $"query parameter '{key}': {e.Message}"));
            }
        }

        return builder.ConnectionString;
    }

    private static FormatException Malformed(string url, string problem) =>
        new($"The PostgreSQL URL '{Redact(url)}' is malformed: {problem}.");

    /// <summary>The URL without its password, for error messages.</summary>
    private static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var colon = at < 0 ? -1 : url.IndexOf(':', scheme, at - scheme);
        return colon < 0 ? url : string.Concat(url.AsSpan(0, colon + 1), "***", url.AsSpan(at));
    }
}
