using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// Reads what a completion statement returns — the batch one (<see cref="CompletionStatement"/>) and the one-task
/// function (<see cref="LoneCompletionStatement"/>) return the same columns: <c>kind</c> 0 is a completion's outcome,
/// 1 a run it ended, 2 a dependent it took to zero pending, claimed for the worker or left for others.
/// </summary>
internal static class CompletionRows
{
    /// <summary>Reads the rows of a statement for <paramref name="count"/> completions (ordinals 1 to count).</summary>
    public static async Task<CompletionResult> ReadAsync(NpgsqlDataReader reader, int count, CancellationToken cancellationToken)
    {
        var outcomes = new CompletionOutcome[count];
        var claimed = new List<TaskLease>();
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (reader.GetInt32(0))
            {
                case 0:
                    // A completion at its epoch is accepted, written now or (a retried commit that had landed) before.
                    outcomes[reader.GetInt32(1) - 1] = new CompletionOutcome(reader.GetBoolean(2), outcomes[reader.GetInt32(1) - 1]?.RunFinished);
                    break;
                case 1:
                    var last = reader.GetInt32(1) - 1;
                    outcomes[last] = new CompletionOutcome(true, (RunStatus)reader.GetInt32(10));
                    break;
                case 2 when reader.GetBoolean(2):
                    claimed.Add(ClaimMemo.Read(reader, first: 3, memo: 11));
                    break;
                default:
                    more = true;
                    break;
            }
        }

        return new CompletionResult(outcomes, claimed, more);
    }
}
