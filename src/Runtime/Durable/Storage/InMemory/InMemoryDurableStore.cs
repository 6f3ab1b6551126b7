using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A store in process memory, for tests and for work that need not survive the process. Receipts and
/// blocks are kept as bytes and checked against their CID on every read, like the durable stores.
/// </summary>
public sealed class InMemoryDurableStore : IDurableStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Cid, byte[]> _blocks = [];
    private readonly Dictionary<Cid, StoredReceipt> _receipts = [];
    private readonly List<Cid> _receiptOrder = [];
    private readonly Dictionary<Cid, Cid> _okByInstruction = [];
    private readonly Dictionary<string, RunRecord> _runs = new(StringComparer.Ordinal);
    private readonly List<string> _runOrder = [];
    private readonly Dictionary<string, Dictionary<int, TaskRecord>> _tasks = new(StringComparer.Ordinal);

    /// <summary>Called with a description when a corrupt receipt or block is found (and treated as absent).</summary>
    public Action<string>? CorruptionReported { get; init; }

    /// <inheritdoc />
    public ValueTask PutBlockAsync(Cid cid, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (!cid.Matches(data.Span))
        {
            throw new ArgumentException($"The block does not hash to {cid}.", nameof(data));
        }

        lock (_lock)
        {
            _blocks.TryAdd(cid, data.ToArray());
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        byte[]? data;
        lock (_lock)
        {
            _blocks.TryGetValue(cid, out data);
        }

        if (data is not null && !cid.Matches(data))
        {
            CorruptionReported?.Invoke($"block {cid} does not match its CID");
            return ValueTask.FromResult<byte[]?>(null);
        }

        return ValueTask.FromResult(data is null ? null : (byte[]?)data.ToArray());
    }

    /// <inheritdoc />
    public ValueTask<bool> PutReceiptAsync(Receipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        _ = receipt.Cid; // encode and hash outside the lock
        lock (_lock)
        {
            return ValueTask.FromResult(InsertReceipt(receipt));
        }
    }

    /// <inheritdoc />
    public ValueTask<Receipt?> GetReceiptAsync(Cid receiptCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptCid);
        StoredReceipt? stored;
        lock (_lock)
        {
            _receipts.TryGetValue(receiptCid, out stored);
        }

        return ValueTask.FromResult(Verify(receiptCid, stored));
    }

    /// <inheritdoc />
    public ValueTask<Receipt?> FindReceiptAsync(Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCid);
        StoredReceipt? stored = null;
        Cid? receiptCid;
        lock (_lock)
        {
            if (_okByInstruction.TryGetValue(instructionCid, out receiptCid))
            {
                _receipts.TryGetValue(receiptCid, out stored);
            }
        }

        var receipt = receiptCid is null ? null : Verify(receiptCid, stored);
        return ValueTask.FromResult(receipt is not null && receipt.InstructionCid == instructionCid ? receipt : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<Cid, Receipt>> FindReceiptsAsync(IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCids);
        var candidates = new List<(Cid Instruction, Cid Receipt, StoredReceipt Stored)>();
        lock (_lock)
        {
            foreach (var instruction in instructionCids)
            {
                if (_okByInstruction.TryGetValue(instruction, out var receiptCid) && _receipts.TryGetValue(receiptCid, out var stored))
                {
                    candidates.Add((instruction, receiptCid, stored));
                }
            }
        }

        var found = new Dictionary<Cid, Receipt>(candidates.Count);
        foreach (var (instruction, receiptCid, stored) in candidates)
        {
            if (Verify(receiptCid, stored) is { } receipt && receipt.InstructionCid == instruction)
            {
                found[instruction] = receipt;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<Cid, Receipt>>(found);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Cid>> ListReceiptsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<Cid>>([.. _receiptOrder]);
        }
    }

    /// <inheritdoc />
    public ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_lock)
        {
            if (!_runs.TryAdd(run.RunId, run))
            {
                throw new InvalidOperationException($"The run '{run.RunId}' exists.");
            }

            _runOrder.Add(run.RunId);
            _tasks[run.RunId] = [];
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<RunRecord>>([.. _runOrder.Select(id => _runs[id])]);
        }
    }

    /// <inheritdoc />
    public ValueTask SetRunStatusAsync(string runId, RunStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var run = GetExisting(runId);
            _runs[runId] = run with { Status = status, Error = reason, UpdatedAt = at, Request = RunRequests.AfterStatus(run.Request, status) };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SetRunRequestAsync(string runId, RunRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _runs[runId] = GetExisting(runId) with { Request = request };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TaskRecord>> GetTasksAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<TaskRecord>>(
                _tasks.TryGetValue(runId, out var tasks) ? [.. tasks.Values.OrderBy(t => t.Index)] : []);
        }
    }

    /// <inheritdoc />
    public ValueTask ClaimTaskAsync(string runId, TaskRecord running, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(running);
        lock (_lock)
        {
            GetExisting(runId);
            _tasks[runId][running.Index] = running;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteTasksAsync(string runId, IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        foreach (var completion in completions)
        {
            _ = completion.Receipt?.Cid; // encode and hash outside the lock
        }

        lock (_lock)
        {
            GetExisting(runId);
            var tasks = _tasks[runId];
            foreach (var completion in completions)
            {
                if (completion.Receipt is { } receipt)
                {
                    InsertReceipt(receipt);
                }

                tasks[completion.Record.Index] = completion.Record;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Flips a byte of a stored receipt, for tests of corruption handling.</summary>
    internal void CorruptReceipt(Cid receiptCid)
    {
        lock (_lock)
        {
            var stored = _receipts[receiptCid];
            var bytes = (byte[])stored.Bytes.Clone();
            bytes[^1] ^= 0x01;
            _receipts[receiptCid] = stored with { Bytes = bytes, Decoded = null };
        }
    }

    private bool InsertReceipt(Receipt receipt)
    {
        var cid = receipt.Cid;
        if (!_receipts.TryAdd(cid, new StoredReceipt(receipt.ToBytes(), receipt)))
        {
            return false;
        }

        _receiptOrder.Add(cid);
        if (receipt.Out.IsOk && receipt.InstructionCid is { } instruction)
        {
            _okByInstruction.TryAdd(instruction, cid);
        }

        return true;
    }

    private Receipt? Verify(Cid cid, StoredReceipt? stored)
    {
        if (stored is null)
        {
            return null;
        }

        if (!cid.Matches(stored.Bytes))
        {
            CorruptionReported?.Invoke($"receipt {cid} does not match its CID");
            return null;
        }

        return stored.Decoded ?? Receipt.Decode(stored.Bytes, cid);
    }

    private RunRecord GetExisting(string runId) =>
        _runs.TryGetValue(runId, out var run) ? run : throw new InvalidOperationException($"There is no run '{runId}'.");

    private sealed record StoredReceipt(byte[] Bytes, Receipt? Decoded);
}
