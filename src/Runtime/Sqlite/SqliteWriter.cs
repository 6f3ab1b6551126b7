using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>The writer connection's prepared statements; used only by the writer loop.</summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteStatement _insertReceipt;
    private readonly SqliteStatement _upsertTask;
    private readonly SqliteStatement _insertBlock;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _insertRun;
    private readonly SqliteStatement _saveInvocation;
    private readonly SqliteStatement _runRequest;
    private readonly SqliteStatement _updateStatus;

    private readonly SqliteSession _session;

    public SqliteWriter(SqliteConnection connection)
    {
        Connection = connection;
        _session = new SqliteSession(connection);
        _insertReceipt = new(connection, "INSERT OR IGNORE INTO receipts (cid, instruction, ok, data) VALUES (?1, ?2, ?3, ?4)");
        _upsertTask = new(
            connection,
            "INSERT OR REPLACE INTO tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        _insertBlock = new(connection, "INSERT OR IGNORE INTO blocks (cid, data) VALUES (?1, ?2)");
        _begin = new(connection, "BEGIN");
        _commit = new(connection, "COMMIT");
        _rollback = new(connection, "ROLLBACK");
        _insertRun = new(connection, "INSERT INTO runs (id, status, workflow, name, created, updated, request, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        _saveInvocation = new(
            connection,
            "INSERT INTO workflow_invocations (run_id, invocation) VALUES (?1, ?2) ON CONFLICT (run_id) DO UPDATE SET run_id = run_id RETURNING invocation");
        _runRequest = new(connection, "SELECT request FROM runs WHERE id = ?1");
        _updateStatus = new(connection, "UPDATE runs SET status = ?2, error = ?3, updated = ?4, request = ?5 WHERE id = ?1");
    }

    public SqliteConnection Connection { get; }

    /// <summary>
    /// Begins a transaction with a statement kept prepared. <see cref="SqliteConnection.BeginTransaction()"/> parses
    /// BEGIN and COMMIT again for every transaction, a sixth of a small write's time; the writer's own commands run
    /// without a <see cref="SqliteTransaction"/> object, which the connection then does not ask of them.
    /// </summary>
    public void Begin() => _begin.Execute();

    public void Commit()
    {
        _commit.Execute();
        Transactions++;
    }

    /// <summary>Transactions committed (for tests).</summary>
    public long Transactions { get; private set; }

    /// <summary>Rolls back the open transaction, if SQLite has not already (some errors end it themselves).</summary>
    public void RollbackIfOpen()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0)
        {
            _rollback.Execute();
        }
    }

    public bool InsertReceipt(Receipt receipt)
    {
        _insertReceipt.Bind(1, receipt.Cid.Bytes);
        BindCid(_insertReceipt, 2, receipt.InstructionCid);
        return _insertReceipt.Bind(3, receipt.Out.IsOk ? 1 : 0).Bind(4, receipt.ToBytes()).Execute() > 0;
    }

    public void UpsertTask(string runId, TaskRecord record)
    {
        _upsertTask.Bind(1, runId).Bind(2, record.Index).Bind(3, record.InstructionCid.Bytes).Bind(4, record.Name)
            .Bind(5, (int)record.State).Bind(6, record.Replayed ? 1 : 0);
        BindCid(_upsertTask, 7, record.ReceiptCid);
        _upsertTask.Bind(8, record.Attempts).Bind(9, record.Duration.Ticks).Execute();
    }

    public void InsertBlock(Cid cid, byte[] data) => _insertBlock.Bind(1, cid.Bytes).Bind(2, data).Execute();

    public void InsertRun(RunRecord run)
    {
        _insertRun.Bind(1, run.RunId).Bind(2, (int)run.Status);
        BindCid(_insertRun, 3, run.WorkflowCid);
        _insertRun.Bind(4, run.Name).Bind(5, run.CreatedAt.UtcTicks).Bind(6, run.UpdatedAt.UtcTicks).Bind(7, (int)run.Request).Bind(8, run.Error)
            .Execute();
    }

    /// <summary>Records the invocation a workflow run executes unless one is recorded; returns the recorded one.</summary>
    public byte[] SaveInvocation(string runId, Cid invocationCid) =>
        _saveInvocation.Bind(1, runId).Bind(2, invocationCid.Bytes).FirstBlob()
        ?? throw new InvalidOperationException($"Recording the invocation of run {runId} returned no row.");

    /// <summary>Sets a run's status; the request left standing depends on the one stored, read in the same transaction.</summary>
    public int UpdateStatus(string runId, RunStatus status, string? reason, DateTimeOffset at)
    {
        var request = _runRequest.Bind(1, runId).FirstInt64() is { } r
            ? (RunRequest)r
            : throw new InvalidOperationException($"There is no run '{runId}'.");
        return _updateStatus.Bind(1, runId).Bind(2, (int)status).Bind(3, reason).Bind(4, at.UtcTicks)
            .Bind(5, (int)RunRequests.AfterStatus(request, status)).Execute();
    }

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
        _insertRun.Dispose();
        _saveInvocation.Dispose();
        _runRequest.Dispose();
        _updateStatus.Dispose();
        _session.Dispose();
    }

    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters) => _session.Command(sql, parameters);

    private static void BindCid(SqliteStatement statement, int index, Cid? cid)
    {
        if (cid is null)
        {
            statement.BindNull(index);
        }
        else
        {
            statement.Bind(index, cid.Bytes);
        }
    }
}
