using System.Net.Sockets;
using Npgsql;

namespace Ipvm.Durable.Postgres.Resilience;

/// <summary>Which failures are worth trying again: the server went away or asked us to retry, not a wrong statement.</summary>
internal static class TransientErrors
{
    /// <summary>SQLSTATEs that mean "try again": the server is shutting down or starting, or the transaction lost a race.</summary>
    private static readonly HashSet<string> RetryableStates = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.SerializationFailure,      // 40001
        PostgresErrorCodes.DeadlockDetected,          // 40P01
        PostgresErrorCodes.AdminShutdown,             // 57P01
        PostgresErrorCodes.CrashShutdown,             // 57P02
        PostgresErrorCodes.CannotConnectNow,          // 57P03
        PostgresErrorCodes.TooManyConnections,        // 53300
        PostgresErrorCodes.ConnectionException,       // 08000
        PostgresErrorCodes.ConnectionDoesNotExist,    // 08003
        PostgresErrorCodes.ConnectionFailure,         // 08006
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection, // 08001
    };

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException p => p.IsTransient || RetryableStates.Contains(p.SqlState),
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException => true,
        _ => false,
    };
}
