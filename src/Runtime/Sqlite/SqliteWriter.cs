using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>The writer connection's prepared statements; used only by the writer loop.</summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteCommand _insertReceipt;
    private readonly SqliteCommand _upsertTask;
    private readonly SqliteCommand _insertBlock;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;

    private readonly SqliteSession _session;

    public SqliteWriter(SqliteConnection connection)
    {
        Connection = connection;
        _session = new SqliteSession(connection);
        _insertReceipt = Prepare("INSERT OR IGNORE INTO receipts (cid, instruction, ok, data) VALUES ($cid, $instruction, $ok, $data)", "$cid", "$instruction", "$ok", "$data");
        _upsertTask = Prepare(
            "INSERT OR REPLACE INTO tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration) VALUES ($run, $idx, $instruction, $name, $state, $replayed, $receipt, $attempts, $duration)",
            "$run", "$idx", "$instruction", "$name", "$state", "$replayed", "$receipt", "$attempts", "$duration");
        _insertBlock = Prepare("INSERT OR IGNORE INTO blocks (cid, data) VALUES ($cid, $data)", "$cid", "$data");
        _begin = Prepare("BEGIN");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
    }

    public SqliteConnection Connection { get; }

    /// <summary>
    /// Begins a transaction with a statement kept prepared. <see cref="SqliteConnection.BeginTransaction()"/> parses
    /// BEGIN and COMMIT again for every transaction, a sixth of a small write's time; the writer's own commands run
    /// without a <see cref="SqliteTransaction"/> object, which the connection then does not ask of them.
    /// </summary>
    public void Begin() => _begin.ExecuteNonQuery();

    public void Commit() => _commit.ExecuteNonQuery();

    /// <summary>Rolls back the open transaction, if SQLite has not already (some errors end it themselves).</summary>
    public void RollbackIfOpen()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0)
        {
            _rollback.ExecuteNonQuery();
        }
    }

    public bool InsertReceipt(Receipt receipt)
    {
        var p = _insertReceipt.Parameters;
        p[0].Value = receipt.Cid.Bytes.ToArray();
        p[1].Value = receipt.InstructionCid is { } i ? i.Bytes.ToArray() : DBNull.Value;
        p[2].Value = receipt.Out.IsOk ? 1 : 0;
        p[3].Value = receipt.ToBytes();
        return Run(_insertReceipt) > 0;
    }

    public void UpsertTask(string runId, TaskRecord record)
    {
        var p = _upsertTask.Parameters;
        p[0].Value = runId;
        p[1].Value = record.Index;
        p[2].Value = record.InstructionCid.Bytes.ToArray();
        p[3].Value = record.Name;
        p[4].Value = (int)record.State;
        p[5].Value = record.Replayed ? 1 : 0;
        p[6].Value = record.ReceiptCid is { } r ? r.Bytes.ToArray() : DBNull.Value;
        p[7].Value = record.Attempts;
        p[8].Value = record.Duration.Ticks;
        Run(_upsertTask);
    }

    public void InsertBlock(Cid cid, byte[] data)
    {
        _insertBlock.Parameters[0].Value = cid.Bytes.ToArray();
        _insertBlock.Parameters[1].Value = data;
        Run(_insertBlock);
    }

    public void InsertRun(RunRecord run) => Execute(
        "INSERT INTO runs (id, status, workflow, name, created, updated, request, error) VALUES ($id, $status, $workflow, $name, $created, $updated, $request, $error)",
        ("$id", run.RunId),
        ("$status", (int)run.Status),
        ("$workflow", run.WorkflowCid?.Bytes.ToArray()),
        ("$name", run.Name),
        ("$created", run.CreatedAt.UtcTicks),
        ("$updated", run.UpdatedAt.UtcTicks),
        ("$request", (int)run.Request),
        ("$error", run.Error));

    /// <summary>Records the invocation a workflow run executes unless one is recorded; returns the recorded one.</summary>
    public byte[] SaveInvocation(string runId, Cid invocationCid) => (byte[])Scalar(
        "INSERT INTO workflow_invocations (run_id, invocation) VALUES ($run, $cid) ON CONFLICT (run_id) DO UPDATE SET run_id = run_id RETURNING invocation",
        ("$run", runId),
        ("$cid", invocationCid.Bytes.ToArray()))!;

    public int Execute(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteNonQuery();

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteScalar();

    public void Dispose()
    {
        _insertReceipt.Dispose();
        _upsertTask.Dispose();
        _insertBlock.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _session.Dispose();
    }

    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters) => _session.Command(sql, parameters);

    private static int Run(SqliteCommand command) => command.ExecuteNonQuery();

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
