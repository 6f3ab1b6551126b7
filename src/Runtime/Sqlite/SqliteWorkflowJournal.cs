using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The workflow journal in a store's SQLite file, in tables of its own: which invocation each run executes, its
/// effect journal, and its event inbox. Writes go through the store's writer, so each is durable (with the
/// file's <c>synchronous</c> setting) before it returns, an effect's entry before the effect starts, and writes
/// arriving together share one transaction. A new run's invocation block, journal entry and run record commit
/// as one transaction (<see cref="StartRunAsync"/>).
/// </summary>
public sealed class SqliteWorkflowJournal : IWorkflowJournal, IDisposable
{
    private readonly SqliteDurableStore _store;
    private readonly bool _ownsStore;

    private SqliteWorkflowJournal(SqliteDurableStore store, bool ownsStore)
    {
        _store = store;
        _ownsStore = ownsStore;
    }

    /// <summary>The journal in <paramref name="store"/>'s file, sharing its writer (the usual pairing).</summary>
    public static SqliteWorkflowJournal Open(SqliteDurableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new SqliteWorkflowJournal(store, ownsStore: false);
    }

    /// <summary>
    /// Opens (creating if needed) the journal in the SQLite file at <paramref name="path"/> with a writer of its own;
    /// prefer <see cref="Open(SqliteDurableStore)"/> when a store on the file is open in the same process.
    /// </summary>
    public static SqliteWorkflowJournal Open(string path, SqliteStoreOptions? options = null) =>
        new(SqliteDurableStore.Open(path, options), ownsStore: true);

    /// <inheritdoc />
    public async ValueTask SaveInvocationAsync(string runId, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(instructionCid);
        var recorded = (byte[])(await _store.WriteAsync(w => w.SaveInvocation(runId, instructionCid)).ConfigureAwait(false))!;
        EnsureSame(recorded, instructionCid, $"The run {runId} already executes");
    }

    /// <inheritdoc />
    public async ValueTask StartRunAsync(IDurableStore store, RunRecord run, Cid invocationCid, ReadOnlyMemory<byte> invocationBlock, CancellationToken cancellationToken = default)
    {
        if (!ReferenceEquals(store, _store))
        {
            // Another store's writes cannot share this writer's transactions.
            await WorkflowRunStart.InOrderAsync(this, store, run, invocationCid, invocationBlock, cancellationToken).ConfigureAwait(false);
            return;
        }

        WorkflowRunStart.Check(store, run, invocationCid, invocationBlock);

        var block = invocationBlock.ToArray();
        // The caller waits for this fsync anyway: commit on its thread when the writer is idle.
        var recorded = (byte[])(await _store.WriteAsync(Start, onCallerThread: true).ConfigureAwait(false))!;
        EnsureSame(recorded, invocationCid, $"The run {run.RunId} already executes");

        object? Start(SqliteWriter w)
        {
            w.InsertBlock(invocationCid, block);
            var saved = w.SaveInvocation(run.RunId, invocationCid);
            if (saved.AsSpan().SequenceEqual(invocationCid.Bytes))
            {
                w.InsertRun(run);
            }

            return saved;
        }
    }

    /// <inheritdoc />
    public ValueTask<Cid?> GetInvocationAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_store.ReadScalar<byte[]>("SELECT invocation FROM workflow_invocations WHERE run_id = $run", ("$run", runId)) is { } bytes ? Cid.FromBytes(bytes) : null);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<int, Cid>> LoadEffectsAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyDictionary<int, Cid>>(_store.ReadRows(
            "SELECT position, instruction FROM workflow_effects WHERE run_id = $run",
            [("$run", runId)],
            new Dictionary<int, Cid>(),
            static (effects, row) => effects[row.GetInt32(0)] = Cid.FromBytes((byte[])row.GetValue(1))));

    /// <inheritdoc />
    public async ValueTask RecordEffectAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCid);
        var recorded = (byte[])(await _store.WriteAsync(w => w.Scalar(
            "INSERT INTO workflow_effects (run_id, position, instruction) VALUES ($run, $position, $cid) ON CONFLICT (run_id, position) DO UPDATE SET run_id = run_id RETURNING instruction",
            ("$run", runId), ("$position", position), ("$cid", instructionCid.Bytes.ToArray()))).ConfigureAwait(false))!;
        EnsureSame(recorded, instructionCid, $"The run {runId} records at effect position {position}");
    }

    /// <inheritdoc />
    public async ValueTask<int> AppendEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = DagCbor.Encode(payload);
        return (int)(long)(await _store.WriteAsync(w => w.Scalar(
            "INSERT INTO workflow_events (run_id, name, idx, payload) VALUES ($run, $name, (SELECT COUNT(*) FROM workflow_events WHERE run_id = $run AND name = $name), $payload) RETURNING idx",
            ("$run", runId), ("$name", name), ("$payload", bytes))).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public ValueTask<IpldValue?> GetEventAsync(string runId, string name, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_store.ReadScalar<byte[]>("SELECT payload FROM workflow_events WHERE run_id = $run AND name = $name AND idx = $idx", ("$run", runId), ("$name", name), ("$idx", index)) is { } bytes
            ? DagCbor.Decode(bytes)
            : null);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStore)
        {
            _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // Checked outside the writer, so a conflict fails this call alone and not the writes sharing its transaction.
    private static void EnsureSame(byte[] recorded, Cid expected, string what)
    {
        if (!recorded.AsSpan().SequenceEqual(expected.Bytes))
        {
            throw new InvalidOperationException($"{what} {Cid.FromBytes(recorded)}, not {expected}.");
        }
    }
}
