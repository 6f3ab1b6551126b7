using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>
/// A throwaway PostgreSQL server: <c>initdb</c> into a temporary folder, <c>postgres</c> on a free loopback
/// port, trust authentication for the <c>postgres</c> user. Tests take a fresh database each
/// (<see cref="CreateDatabaseAsync"/>), so they run in parallel on one server. <see cref="Stop"/> and
/// <see cref="Start"/> restart it on the same folder and port, for outage tests (which use a server of
/// their own through <see cref="Create"/>). Disposing stops it and deletes the folder.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(() =>
    {
        var server = Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly string _bin;
    private readonly TemporaryFolder _folder;
    private bool _running;

    private PostgresServer(string bin, TemporaryFolder folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    /// <summary>One server per test process, started on first use and stopped when the process exits.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>The temporary folder holding the data directory and the server log.</summary>
    public string RootDirectory => _folder.Path;

    /// <summary>The loopback port the server listens on, the same across restarts.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>Initializes a new cluster in a temporary folder and starts it; throws when the binaries are missing.</summary>
    public static PostgresServer Create()
    {
        var bin = PostgresBinaries.Directory
            ?? throw new InvalidOperationException("PostgreSQL server binaries are required (CI=true) but none were found via pg_config --bindir, /usr/lib/postgresql/*/bin or PATH.");
        var server = new PostgresServer(bin, TemporaryFolder.Create(bin), FreePort());
        try
        {
            server.Run("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
            File.AppendAllText(Path.Combine(server.DataDirectory, "postgresql.conf"), server.Settings());
            server.Start();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "ipvm_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on the same folder and port and waits until it accepts connections.</summary>
    public void Start()
    {
        Run("pg_ctl", "start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "300");
        _running = true;
    }

    /// <summary>Stops the server; <paramref name="immediate"/> aborts like a crash, otherwise connections are closed and it shuts down cleanly.</summary>
    public void Stop(bool immediate = false)
    {
        Run("pg_ctl", "stop", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "300");
        _running = false;
    }

    /// <summary>Stops the server if it runs and deletes its folder.</summary>
    public void Dispose()
    {
        try
        {
            if (_running)
            {
                Stop(immediate: true);
            }
        }
        finally
        {
            _folder.Dispose();
        }
    }

    private string Settings() => string.Create(CultureInfo.InvariantCulture, $"""

        # ipvm test server
        port = {Port}
        listen_addresses = '127.0.0.1'
        unix_socket_directories = ''
        max_connections = 300
        fsync = off
        full_page_writes = off
        """);

    private void Run(string tool, params string[] arguments) =>
        ServerCommand.Run(Path.Combine(_bin, tool), arguments, RootDirectory);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
