using Ipvm.Durable.Ipld;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>Reads: blocks and receipts (checked against their CIDs), runs and task records.</summary>
public sealed partial class PostgresDurableStore
{
    /// <inheritdoc />
    public async ValueTask<byte[]?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var data = await ReadAsync(async (c, ct) =>
        {
            await using var command = Command(c, "SELECT data FROM blocks WHERE cid = $1", cid.Bytes.ToArray());
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as byte[];
        }, cancellationToken).ConfigureAwait(false);
        if (data is not null && !cid.Matches(data))
        {
            LogCorrupt(_logger, "block", cid, Schema, "the bytes do not hash to the CID");
            return null;
        }

        return data;
    }

    /// <inheritdoc />
    public async ValueTask<Receipt?> GetReceiptAsync(Cid receiptCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptCid);
        var data = await ReadAsync(async (c, ct) =>
        {
            await using var command = Command(c, "SELECT data FROM receipts WHERE cid = $1", receiptCid.Bytes.ToArray());
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as byte[];
        }, cancellationToken).ConfigureAwait(false);
        return data is null ? null : Verify(receiptCid, data, null);
    }

    /// <inheritdoc />
    public async ValueTask<Receipt?> FindReceiptAsync(Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCid);
        var rows = await ReceiptRowsAsync("SELECT cid, data FROM receipts WHERE ok AND instruction = $1 ORDER BY seq", instructionCid.Bytes.ToArray(), cancellationToken).ConfigureAwait(false);
        return rows.Select(row => Verify(Cid.FromBytes(row.Cid), row.Data, instructionCid)).FirstOrDefault(r => r is not null);
    }

    /// <inheritdoc />
    /// <remarks>One query over the index of successful receipts (<c>instruction = ANY($1)</c>).</remarks>
    public async ValueTask<IReadOnlyDictionary<Cid, Receipt>> FindReceiptsAsync(IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCids);
        if (instructionCids.Count == 0)
        {
            return new Dictionary<Cid, Receipt>();
        }

        var keys = instructionCids.Select(c => c.Bytes.ToArray()).ToArray();
        var rows = await ReceiptRowsAsync("SELECT cid, data FROM receipts WHERE ok AND instruction = ANY($1) ORDER BY seq", keys, cancellationToken).ConfigureAwait(false);

        // Rows come in insertion order, so the first receipt that verifies answers its instruction, as in
        // FindReceiptAsync. The instruction is read from the verified receipt itself.
        var asked = instructionCids as IReadOnlySet<Cid> ?? new HashSet<Cid>(instructionCids);
        var found = new Dictionary<Cid, Receipt>(rows.Count);
        foreach (var (cidBytes, data) in rows)
        {
            if (Verify(Cid.FromBytes(cidBytes), data, null) is { InstructionCid: { } instruction } receipt && asked.Contains(instruction))
            {
                found.TryAdd(instruction, receipt);
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Cid>> ListReceiptsAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(async (c, ct) =>
        {
            await using var command = Command(c, "SELECT cid FROM receipts ORDER BY seq");
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var cids = new List<Cid>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                cids.Add(Cid.FromBytes(reader.GetFieldValue<byte[]>(0)));
            }

            return cids;
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        (await ReadRunsAsync("WHERE id = $1", runId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        await ReadRunsAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskRecord>> GetTasksAsync(string runId, CancellationToken cancellationToken = default) =>
        await ReadAsync(async (c, ct) =>
        {
            await using var command = Command(c, "SELECT idx, instruction, name, state, replayed, receipt, attempts, duration FROM tasks WHERE run = $1 ORDER BY idx", runId);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var records = new List<TaskRecord>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                records.Add(new TaskRecord(
                    reader.GetInt32(0),
                    Cid.FromBytes(reader.GetFieldValue<byte[]>(1)),
                    reader.GetString(2),
                    (TaskState)reader.GetInt32(3),
                    reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : Cid.FromBytes(reader.GetFieldValue<byte[]>(5)),
                    reader.GetInt32(6),
                    TimeSpan.FromTicks(reader.GetInt64(7))));
            }

            return records;
        }, cancellationToken).ConfigureAwait(false);

    private Task<List<RunRecord>> ReadRunsAsync(string where, string? runId, CancellationToken cancellationToken) =>
        ReadAsync(async (c, ct) =>
        {
            await using var command = Command(c, $"SELECT id, status, workflow, name, created, updated, request, error FROM runs {where} ORDER BY seq", runId is null ? [] : [runId]);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var runs = new List<RunRecord>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                runs.Add(ReadRun(reader));
            }

            return runs;
        }, cancellationToken);

    internal static RunRecord ReadRun(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        (RunStatus)reader.GetInt32(1),
        reader.IsDBNull(2) ? null : Cid.FromBytes(reader.GetFieldValue<byte[]>(2)),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
        new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
        (RunRequest)reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    private Task<List<(byte[] Cid, byte[] Data)>> ReceiptRowsAsync(string sql, object key, CancellationToken cancellationToken) =>
        ReadAsync(async (c, ct) =>
        {
            await using var command = Command(c, sql, key);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new List<(byte[], byte[])>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add((reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)));
            }

            return rows;
        }, cancellationToken);

    private Receipt? Verify(Cid cid, byte[] data, Cid? instructionCid)
    {
        var receipt = Receipt.DecodeStored(data, cid, instructionCid, out var problem);
        if (receipt is null)
        {
            LogCorrupt(_logger, "receipt", cid, Schema, problem!);
        }

        return receipt;
    }
}
