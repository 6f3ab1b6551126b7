using Npgsql;

namespace Ipvm.Durable.Postgres.Tests;

public sealed class PostgresUrlTests
{
    [Theory]
    [InlineData("postgres://alice@db.example:6543/runs", "db.example", 6543, "alice", null, "runs")]
    [InlineData("postgresql://bob:s%40cret@127.0.0.1/ipvm", "127.0.0.1", 5432, "bob", "s@cret", "ipvm")]
    [InlineData("postgres://localhost", "localhost", 5432, null, null, null)]
    [InlineData("postgres://u@[::1]:5433/d", "::1", 5433, "u", null, "d")]
    public void A_url_becomes_an_npgsql_connection_string(string url, string host, int port, string? user, string? password, string? database)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(url));

        Assert.Equal((host, port, user, password, database), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Fact]
    public void Query_parameters_are_connection_string_keywords()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://u@h/d?sslmode=require&Timeout=30"));

        Assert.Equal((SslMode.Require, 30), (builder.SslMode, builder.Timeout));
    }

    [Fact]
    public void A_connection_string_passes_through_unchanged()
    {
        Assert.Equal("Host=h;Database=d", PostgresUrl.ToConnectionString("Host=h;Database=d"));
        Assert.False(PostgresUrl.IsUrl("Host=h"));
        Assert.True(PostgresUrl.IsUrl("POSTGRESQL://h"));
    }

    [Theory]
    [InlineData("postgres://", "expected postgres://user[:password]@host[:port]/database")]
    [InlineData("postgres://u:topsecret@h/a/b", "'a/b' is not a database name")]
    [InlineData("postgres://u@h/d?nosuchkeyword=1", "query parameter 'nosuchkeyword'")]
    public void A_malformed_url_is_refused_naming_the_problem_without_the_password(string url, string problem)
    {
        var error = Assert.Throws<FormatException>(() => PostgresUrl.ToConnectionString(url));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
    }
}
