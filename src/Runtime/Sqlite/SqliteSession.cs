using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// A connection with its statements kept prepared: SQLite parses and plans a statement's text the first time it
/// is used on the connection, not on every call. Not thread-safe; one user at a time.
/// </summary>
internal sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>The prepared command for <paramref name="sql"/> with <paramref name="parameters"/> bound; do not dispose it.</summary>
    /// <remarks>Only for fixed statement texts: each distinct text stays prepared for the connection's lifetime.</remarks>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}
