namespace Ipvm.Durable.Postgres;

/// <summary>
/// Completion: one statement per batch (<see cref="CompletionStatement"/>, or <see cref="LoneCompletionStatement"/> for
/// a batch of one), so one round trip and one transaction,
/// that fences stale completions, writes the others, releases dependents (claiming those the worker asked for) and
/// ends runs whose last task finished.
/// </summary>
public sealed partial class PostgresWorkQueue
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default) =>
        (await CompleteCoreAsync(completions, null, cancellationToken).ConfigureAwait(false)).Outcomes;

    /// <inheritdoc />
    public async ValueTask<CompletionResult> CompleteAndClaimAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNegative(claim.Max);
        return await CompleteCoreAsync(completions, claim, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CompletionResult> CompleteCoreAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return new CompletionResult([], [], false);
        }

        // Retrying is safe: a commit that landed left the tasks at the same epoch but no longer leased, which
        // the next attempt reports as accepted without writing anything again. Dependents that the landed commit
        // claimed for the worker are not handed over again: like a claim whose answer was lost, their leases expire.
        // A lone completion (each step of a chain) goes through the one-task function, whose few single-row statements
        // cost the server a fraction of the batch statement's plan.
        return await _retry.RunAsync(
            (_, ct) => completions.Count == 1
                ? LoneCompletionStatement.ExecuteAsync(_dataSource, completions[0], claim, _time.GetUtcNow().UtcTicks, ct)
                : CompletionStatement.ExecuteAsync(_dataSource, completions, claim, _time.GetUtcNow().UtcTicks, ct),
            cancellationToken).ConfigureAwait(false);
    }
}
