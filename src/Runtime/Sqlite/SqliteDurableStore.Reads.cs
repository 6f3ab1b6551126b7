using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>Reads: blocks and receipts (checked against their CIDs), runs and task records.</summary>
public sealed partial class SqliteDurableStore
{
    /// <summary>Instruction CIDs per query in <see cref="FindReceiptsAsync"/> (SQLite allows 32,766 parameters).</summary>
    /// <remarks>
    /// SQLite finds each named parameter by a linear search of the statement's names, so binding n costs n²/2
    /// string compares: 100 per query keeps that small while the query count stays low.
    /// </remarks>
    private const int LookupChunk = 100;

    /// <summary>From this many rows, receipts are verified (hashed and decoded) on every core.</summary>
    private const int ParallelVerifyFrom = 512;

    private static readonly string[] LookupParameterNames = [.. Enumerable.Range(0, LookupChunk).Select(i => "$i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static readonly Lazy<string> FullChunkLookup = new(() => LookupSql(LookupChunk));

    private static string LookupSql(int count) =>
        $"SELECT seq, cid, data FROM receipts WHERE ok = 1 AND instruction IN ({string.Join(',', LookupParameterNames.Take(count))})";

    /// <inheritdoc />
    public ValueTask<byte[]?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var data = Read(c => Scalar<byte[]>(c, "SELECT data FROM blocks WHERE cid = $cid", ("$cid", cid.Bytes.ToArray())));
        if (data is not null && !cid.Matches(data))
        {
            LogCorrupt(_logger, "block", cid, Path, "the bytes do not hash to the CID");
            return ValueTask.FromResult<byte[]?>(null);
        }

        return ValueTask.FromResult(data);
    }

    /// <inheritdoc />
    public ValueTask<Receipt?> GetReceiptAsync(Cid receiptCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptCid);
        var data = Read(c => Scalar<byte[]>(c, "SELECT data FROM receipts WHERE cid = $cid", ("$cid", receiptCid.Bytes.ToArray())));
        return ValueTask.FromResult(data is null ? null : Verify(receiptCid, data, null));
    }

    /// <inheritdoc />
    public ValueTask<Receipt?> FindReceiptAsync(Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCid);
        var rows = Read(c =>
        {
            var command = Command(c, "SELECT cid, data FROM receipts WHERE instruction = $i AND ok = 1 ORDER BY seq", ("$i", instructionCid.Bytes.ToArray()));
            using var reader = command.ExecuteReader();
            var found = new List<(byte[], byte[])>(1);
            while (reader.Read())
            {
                found.Add(((byte[])reader[0], reader[1] as byte[] ?? []));
            }

            return found;
        });
        foreach (var (cidBytes, data) in rows)
        {
            if (Verify(Cid.FromBytes(cidBytes), data, instructionCid) is { } receipt)
            {
                return ValueTask.FromResult<Receipt?>(receipt);
            }
        }

        return ValueTask.FromResult<Receipt?>(null);
    }

    /// <inheritdoc />
    /// <remarks>One query per <see cref="LookupChunk"/> instructions over the index of successful receipts.</remarks>
    public ValueTask<IReadOnlyDictionary<Cid, Receipt>> FindReceiptsAsync(IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCids);
        var rows = new List<(long Seq, byte[] Cid, byte[] Data)>();
        Read(c =>
        {
            for (var start = 0; start < instructionCids.Count; start += LookupChunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(LookupChunk, instructionCids.Count - start);
                // A full chunk's text is always the same, so its statement stays prepared; only the last chunk's varies.
                using var adHoc = count == LookupChunk ? null : new SqliteCommand(LookupSql(count), c.Connection);
                var command = adHoc ?? c.Command(FullChunkLookup.Value);
                for (var i = 0; i < count; i++)
                {
                    command.Parameters.Add(LookupParameterNames[i], SqliteType.Blob).Value = instructionCids[start + i].Bytes.ToArray();
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
                }
            }

            return rows;
        });

        // In insertion order the first receipt that verifies answers its instruction, as in FindReceiptAsync. The
        // instruction is read from the verified receipt itself (meta.instruction).
        rows.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        var verified = new Receipt?[rows.Count];
        if (rows.Count >= ParallelVerifyFrom)
        {
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, rows.Count), range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    verified[i] = Verify(Cid.FromBytes(rows[i].Cid), rows[i].Data, null);
                }
            });
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                verified[i] = Verify(Cid.FromBytes(rows[i].Cid), rows[i].Data, null);
            }
        }

        var asked = instructionCids as IReadOnlySet<Cid> ?? new HashSet<Cid>(instructionCids);
        var found = new Dictionary<Cid, Receipt>(rows.Count);
        foreach (var receipt in verified)
        {
            if (receipt is { InstructionCid: { } instruction } && asked.Contains(instruction))
            {
                found.TryAdd(instruction, receipt);
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<Cid, Receipt>>(found);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Cid>> ListReceiptsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Cid>>(Read(c =>
        {
            var command = Command(c, "SELECT cid FROM receipts ORDER BY seq");
            using var reader = command.ExecuteReader();
            var cids = new List<Cid>();
            while (reader.Read())
            {
                cids.Add(Cid.FromBytes((byte[])reader[0]));
            }

            return cids;
        }));

    /// <inheritdoc />
    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReadRuns("WHERE id = $id", runId).FirstOrDefault());

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<RunRecord>>(ReadRuns(string.Empty, null));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TaskRecord>> GetTasksAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<TaskRecord>>(Read(c =>
        {
            var command = Command(c, "SELECT idx, instruction, name, state, replayed, receipt, attempts, duration FROM tasks WHERE run = $run ORDER BY idx", ("$run", runId));
            using var reader = command.ExecuteReader();
            var records = new List<TaskRecord>();
            while (reader.Read())
            {
                records.Add(new TaskRecord(
                    reader.GetInt32(0),
                    Cid.FromBytes((byte[])reader[1]),
                    reader.GetString(2),
                    (TaskState)reader.GetInt32(3),
                    reader.GetInt32(4) != 0,
                    reader.IsDBNull(5) ? null : Cid.FromBytes((byte[])reader[5]),
                    reader.GetInt32(6),
                    TimeSpan.FromTicks(reader.GetInt64(7))));
            }

            return records;
        }));

    private List<RunRecord> ReadRuns(string where, string? runId) => Read(c =>
    {
        var command = Command(c, $"SELECT id, status, workflow, name, created, updated, request, error FROM runs {where} ORDER BY seq", ("$id", runId));
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(new RunRecord(
                reader.GetString(0),
                (RunStatus)reader.GetInt32(1),
                reader.IsDBNull(2) ? null : Cid.FromBytes((byte[])reader[2]),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                (RunRequest)reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return runs;
    });

    private Receipt? Verify(Cid cid, byte[] data, Cid? instructionCid)
    {
        var receipt = Receipt.DecodeStored(data, cid, instructionCid, out var problem);
        if (receipt is null)
        {
            LogCorrupt(_logger, "receipt", cid, Path, problem!);
        }

        return receipt;
    }

    /// <summary>One value read on a pooled connection (for the journal in the same file).</summary>
    internal T? ReadScalar<T>(string sql, params (string, object?)[] parameters)
        where T : class => Read(c => Scalar<T>(c, sql, parameters));

    /// <summary>Rows read on a pooled connection, folded into <paramref name="result"/>.</summary>
    internal TResult ReadRows<TResult>(string sql, (string, object?)[] parameters, TResult result, Action<TResult, SqliteDataReader> add) => Read(c =>
    {
        var command = Command(c, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            add(result, reader);
        }

        return result;
    });

    private static T? Scalar<T>(SqliteSession session, string sql, params (string, object?)[] parameters)
        where T : class => Command(session, sql, parameters).ExecuteScalar() as T;

    private static SqliteCommand Command(SqliteSession session, string sql, params (string Name, object? Value)[] parameters) =>
        session.Command(sql, parameters);
}
