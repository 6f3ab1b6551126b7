using System.Net.Sockets;
using Ipvm.Durable.Postgres.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData("40001", true)]
    [InlineData("40P01", true)]
    [InlineData("57P01", true)]
    [InlineData("57P03", true)]
    [InlineData("08006", true)]
    [InlineData("23505", false)]
    [InlineData("42P01", false)]
    public void Server_errors_are_transient_only_when_the_server_asks_for_a_retry(string sqlState, bool transient) =>
        Assert.Equal(transient, TransientErrors.IsTransient(new PostgresException("message", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_lost_connection_is_transient_and_a_plain_bug_is_not()
    {
        Assert.True(TransientErrors.IsTransient(new NpgsqlException("Exception while reading from stream", new IOException("reset"))));
        Assert.True(TransientErrors.IsTransient(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.False(TransientErrors.IsTransient(new InvalidOperationException("bug")));
    }

    [Fact]
    public void Delays_double_from_the_base_up_to_the_cap()
    {
        var policy = Policy(maxAttempts: 5);

        Assert.Equal(
            [50, 100, 200, 400, 800, 1000, 1000],
            Enumerable.Range(1, 7).Select(a => policy.Delay(a).TotalMilliseconds));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_until_it_succeeds_and_a_permanent_one_is_not()
    {
        var policy = Policy(maxAttempts: 5);
        var calls = 0;

        var result = await policy.RunAsync((attempt, _) => ++calls < 3 ? throw new PostgresException("restarting", "FATAL", "FATAL", "57P03") : Task.FromResult(attempt), CancellationToken.None);
        var permanent = await Assert.ThrowsAsync<PostgresException>(() => policy.RunAsync<int>((_, _) => throw new PostgresException("dup", "ERROR", "ERROR", "23505"), CancellationToken.None));

        Assert.Equal((3, 3), (result, calls));
        Assert.Equal("23505", permanent.SqlState);
    }

    [Fact]
    public async Task Retries_stop_after_the_maximum_attempts_with_the_last_error()
    {
        var policy = Policy(maxAttempts: 3);
        var calls = 0;

        await Assert.ThrowsAsync<PostgresException>(() => policy.RunAsync<int>((_, _) =>
        {
            calls++;
            throw new PostgresException("shutting down", "FATAL", "FATAL", "57P01");
        }, CancellationToken.None));

        Assert.Equal(3, calls);
    }

    private static RetryPolicy Policy(int maxAttempts)
    {
        var options = new PostgresStoreOptions
        {
            ConnectionString = "Host=unused",
            MaxRetryAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };
        return new RetryPolicy(options, NpgsqlDataSource.Create(options.ConnectionString), NullLogger.Instance);
    }
}
