using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Writes;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// Writes: queued for group commit, each idempotent so that a retried group changes nothing it already
/// changed. Each returns once its transaction is committed.
/// </summary>
public sealed partial class PostgresDurableStore
{
    private const string InsertReceipt = "INSERT INTO receipts (cid, instruction, ok, data) VALUES ($1, $2, $3, $4) ON CONFLICT (cid) DO NOTHING";

    private const string UpsertTask = """
        INSERT INTO tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (run, idx) DO UPDATE SET instruction = EXCLUDED.instruction, name = EXCLUDED.name, state = EXCLUDED.state, replayed = EXCLUDED.replayed,
            receipt = EXCLUDED.receipt, attempts = EXCLUDED.attempts, duration = EXCLUDED.duration
        """;

    /// <inheritdoc />
    public async ValueTask PutBlockAsync(Cid cid, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (!cid.Matches(data.Span))
        {
            throw new ArgumentException($"The block does not hash to {cid}.", nameof(data));
        }

        await _writer.WriteAsync([new Statement("INSERT INTO blocks (cid, data) VALUES ($1, $2) ON CONFLICT (cid) DO NOTHING", cid.Bytes.ToArray(), data.ToArray())], _ => null).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>After a retry that follows a lost commit acknowledgement, the receipt is stored but reported as already present.</remarks>
    public async ValueTask<bool> PutReceiptAsync(Receipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return (bool)(await _writer.WriteAsync([ReceiptInsert(receipt)], rows => rows[0] > 0).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!await _retry.RunAsync((attempt, ct) => TryCreateRunAsync(run, attempt, ct), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"A run with id '{run.RunId}' exists already.");
        }
    }

    /// <summary>
    /// Inserts the run unless its id exists; true when this call (or, on a retry, an earlier attempt whose
    /// commit acknowledgement was lost) created it.
    /// </summary>
    internal async Task<bool> TryCreateRunAsync(RunRecord run, int attempt, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(
            connection,
            "INSERT INTO runs (id, status, workflow, name, created, updated, request, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            run.RunId, (int)run.Status, run.WorkflowCid?.Bytes.ToArray(), run.Name, run.CreatedAt.UtcTicks, run.UpdatedAt.UtcTicks, (int)run.Request, run.Error);
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return true;
        }

        // A retry may find the row its own earlier attempt committed before the connection dropped: the same
        // record (DateTimeOffset compares instants, so the stored UTC offset does not matter).
        return attempt > 1 && (await ReadRunsAsync("WHERE id = $1", run.RunId, cancellationToken).ConfigureAwait(false)).SingleOrDefault() == run;
    }

    /// <inheritdoc />
    public async ValueTask SetRunStatusAsync(string runId, RunStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        // The request left standing depends on the stored one: map each possible value in the same statement,
        // using the rule all stores share.
        var statement = new Statement(
            "UPDATE runs SET status = $2, error = $3, updated = $4, request = CASE request WHEN 0 THEN $5 WHEN 1 THEN $6 WHEN 2 THEN $7 ELSE request END WHERE id = $1",
            runId,
            (int)status,
            reason,
            at.UtcTicks,
            (int)RunRequests.AfterStatus(RunRequest.None, status),
            (int)RunRequests.AfterStatus(RunRequest.Pause, status),
            (int)RunRequests.AfterStatus(RunRequest.Cancel, status));
        await _writer.WriteAsync([statement], rows => RunMustExist(rows, runId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask SetRunRequestAsync(string runId, RunRequest request, CancellationToken cancellationToken = default) =>
        await _writer.WriteAsync([new Statement("UPDATE runs SET request = $2 WHERE id = $1", runId, (int)request)], rows => RunMustExist(rows, runId)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask ClaimTaskAsync(string runId, TaskRecord running, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(running);
        await _writer.WriteAsync([TaskUpsert(runId, running)], _ => null).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CompleteTasksAsync(string runId, IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);

        // Encode and hash on the caller's thread, not the writer's.
        var statements = new List<Statement>(completions.Count * 2);
        foreach (var completion in completions)
        {
            if (completion.Receipt is { } receipt)
            {
                statements.Add(ReceiptInsert(receipt));
            }

            statements.Add(TaskUpsert(runId, completion.Record));
        }

        await _writer.WriteAsync(statements, _ => null, derivable: completions.All(static c => c.Derivable)).ConfigureAwait(false);
    }

    private static Statement ReceiptInsert(Receipt receipt) =>
        new(InsertReceipt, receipt.Cid.Bytes.ToArray(), receipt.InstructionCid?.Bytes.ToArray(), receipt.Out.IsOk, receipt.ToBytes());

    private static Statement TaskUpsert(string runId, TaskRecord record) =>
        new(UpsertTask, runId, record.Index, record.InstructionCid.Bytes.ToArray(), record.Name, (int)record.State, record.Replayed, record.ReceiptCid?.Bytes.ToArray(), record.Attempts, record.Duration.Ticks);

    private static object? RunMustExist(IReadOnlyList<int> rows, string runId) =>
        rows[0] == 0 ? throw new InvalidOperationException($"There is no run '{runId}'.") : null;
}
