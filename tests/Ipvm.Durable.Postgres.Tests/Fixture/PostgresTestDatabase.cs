using Ipvm.Durable.Ipld;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>Direct SQL against a test database, for what the store's API cannot do (damage a row, count rows).</summary>
internal static class PostgresTestDatabase
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Search Path=ipvm");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Flips a bit of the receipt's stored bytes so they no longer hash to its CID.</summary>
    public static async Task CorruptReceiptAsync(string connectionString, Cid receiptCid) =>
        Assert.Equal(1L, await ScalarAsync<long>(
            connectionString,
            "WITH changed AS (UPDATE receipts SET data = set_byte(data, length(data) - 1, get_byte(data, length(data) - 1) # 1) WHERE cid = $1 RETURNING 1) SELECT count(*) FROM changed",
            receiptCid.Bytes.ToArray()));
}
