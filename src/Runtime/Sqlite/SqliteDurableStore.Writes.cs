using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable.Sqlite;

/// <summary>Writes: each is queued for the writer loop and returns once its transaction is committed.</summary>
public sealed partial class SqliteDurableStore
{
    /// <inheritdoc />
    public async ValueTask PutBlockAsync(Cid cid, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (!cid.Matches(data.Span))
        {
            throw new ArgumentException($"The block does not hash to {cid}.", nameof(data));
        }

        var bytes = data.ToArray();
        await WriteAsync(w =>
        {
            w.InsertBlock(cid, bytes);
            return null;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> PutReceiptAsync(Receipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        _ = receipt.Cid;
        return (bool)(await WriteAsync(w => w.InsertReceipt(receipt)).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await WriteAsync(w =>
        {
            w.InsertRun(run);
            return null;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completed is written without an fsync of its own: it follows from the run's receipts, which are durable
    /// already, so an OS crash that loses it leaves the run "running" and the next resume completes it from its
    /// receipts without running anything. (A process crash never loses it: the WAL is in the OS's cache.)
    /// </remarks>
    public async ValueTask SetRunStatusAsync(string runId, RunStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await WriteAsync(w => w.UpdateStatus(runId, status, reason, at), derivable: status == RunStatus.Completed).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask SetRunRequestAsync(string runId, RunRequest request, CancellationToken cancellationToken = default)
    {
        var rows = (int)(await WriteAsync(w => w.Execute("UPDATE runs SET request = $request WHERE id = $id", ("$id", runId), ("$request", (int)request))).ConfigureAwait(false))!;
        if (rows == 0)
        {
            throw new InvalidOperationException($"There is no run '{runId}'.");
        }
    }

    /// <inheritdoc />
    public async ValueTask ClaimTaskAsync(string runId, TaskRecord running, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(running);
        await WriteAsync(
            w =>
            {
                w.UpsertTask(runId, running);
                return null;
            },
            onCallerThread: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask CompleteTasksAsync(string runId, IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default) =>
        Complete(runId, completions, null, default);

    /// <inheritdoc />
    /// <remarks>
    /// One transaction. A Completed status is derivable (see <see cref="SetRunStatusAsync"/>), so with derivable
    /// completions the whole transaction commits without an fsync of its own, and, when the writer is idle, lazily:
    /// this returns at once and the write commits with the store's next transaction or within 10 ms. Until
    /// then reads through this store commit it first; other processes see the run running a moment longer, and a
    /// crash in that moment leaves it running, which a resume completes from its receipts without running a step.
    /// </remarks>
    public ValueTask CompleteRunAsync(string runId, IReadOnlyList<TaskCompletion> completions, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Complete(runId, completions, status, at);

    /// <inheritdoc />
    /// <remarks>
    /// A commit is readable from the moment the writer commits it with <c>synchronous=NORMAL</c>, and durable once
    /// <see cref="SqliteWalSync"/> has fsynced the WAL; this runs that fsync on the calling thread unless another
    /// thread's is under way (one answers all commits before it).
    /// </remarks>
    public ValueTask WhenDurableAsync(CancellationToken cancellationToken = default) => _walSync.WhenDurableAsync();

    private ValueTask Complete(string runId, IReadOnlyList<TaskCompletion> completions, RunStatus? status, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(completions);
        foreach (var completion in completions)
        {
            // Encode and hash on the caller's thread, not the writer's.
            _ = completion.Receipt?.Cid;
        }

        var derivable = (status is null or RunStatus.Completed) && completions.All(static c => c.Derivable);
        var op = new SqliteWriteOp(
            w =>
            {
                foreach (var completion in completions)
                {
                    if (completion.Receipt is { } receipt)
                    {
                        w.InsertReceipt(receipt);
                    }

                    w.UpsertTask(runId, completion.Record);
                }

                return status is { } s ? w.UpdateStatus(runId, s, null, at) : null;
            },
            derivable);

        // A run's derivable last commit is lazy when the writer is idle: its caller gets the result now, and the write
        // rides with the next transaction (reads in this process commit it first).
        if (derivable && status is not null && _writes.TryWriteLazily(op))
        {
            op.Task.ContinueWith(
                static (write, logger) => LogLazyWriteFailed((ILogger)logger!, write.Exception!.GetBaseException()),
                _logger,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return ValueTask.CompletedTask;
        }

        // A synced commit is waited for anyway, and so is a run's last one (by whoever awaits the result): commit on
        // the caller's thread when the writer is idle. Other derivable commits go to the pool: nobody waits for them.
        return new ValueTask(_writes.Write(op, onCallerThread: !derivable || status is not null));
    }
}
