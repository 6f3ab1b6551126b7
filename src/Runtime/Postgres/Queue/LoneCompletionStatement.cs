using Npgsql;
using NpgsqlTypes;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// The completion of one task — every step of a chain — through the function <c>queue_complete_one</c> (migration
/// 0003_complete_one): the same effects and rows as <see cref="CompletionStatement"/> for a batch of one, in a few
/// single-row statements instead of the batch statement's plan of about a hundred nodes, whose executor set-up was
/// most of a step's server time.
/// </summary>
/// <remarks>
/// Parameters are positional, so Npgsql sends the text as it is without parsing it for names, and the
/// <c>synchronous_commit</c> switch for a recomputable completion is an argument rather than a second command.
/// </remarks>
internal static class LoneCompletionStatement
{
    /// <summary>The call of the function, with its 22 arguments as positional parameters (<see cref="Add(NpgsqlParameterCollection, LeasedCompletion, DependentClaim?, long)"/>).</summary>
    public const string Sql = "SELECT * FROM queue_complete_one($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)";

    /// <summary>Runs the function for <paramref name="completion"/>; <paramref name="claim"/> null claims nothing.</summary>
    public static async Task<CompletionResult> ExecuteAsync(NpgsqlDataSource dataSource, LeasedCompletion completion, DependentClaim? claim, long now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        Add(command.Parameters, completion, claim, now);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await CompletionRows.ReadAsync(reader, 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The function's arguments for <paramref name="completion"/>, in order.</summary>
    public static void Add(NpgsqlParameterCollection parameters, LeasedCompletion completion, DependentClaim? claim, long now)
    {
        var p = parameters;
        var lease = completion.Lease;
        var receipt = completion.Receipt;
        var stored = completion.Replayed ? null : receipt;
        Add(p, NpgsqlDbType.Text, lease.RunId);
        Add(p, NpgsqlDbType.Integer, lease.Index);
        Add(p, NpgsqlDbType.Bigint, lease.Epoch);
        Add(p, NpgsqlDbType.Bytea, lease.InstructionCid.Bytes.ToArray());
        Add(p, NpgsqlDbType.Integer, (int)completion.State);
        Add(p, NpgsqlDbType.Boolean, completion.Replayed);
        Add(p, NpgsqlDbType.Bytea, receipt?.Cid.Bytes.ToArray());
        Add(p, NpgsqlDbType.Integer, completion.Attempts);
        Add(p, NpgsqlDbType.Bigint, completion.Duration.Ticks);
        Add(p, NpgsqlDbType.Text, completion.Park);
        Add(p, NpgsqlDbType.Text, lease.InstructionCid.ToString());
        Add(p, NpgsqlDbType.Text, completion.State == TaskState.Failed ? receipt?.Out.Describe() ?? string.Empty : null);
        Add(p, NpgsqlDbType.Bytea, stored?.InstructionCid?.Bytes.ToArray());
        Add(p, NpgsqlDbType.Boolean, stored?.Out.IsOk);
        Add(p, NpgsqlDbType.Bytea, stored?.ToBytes());
        Add(p, NpgsqlDbType.Boolean, completion.Recomputable);
        Add(p, NpgsqlDbType.Bigint, now);
        Add(p, NpgsqlDbType.Array | NpgsqlDbType.Text, claim?.Worker.Ops.ToArray() ?? []);
        Add(p, NpgsqlDbType.Array | NpgsqlDbType.Text, claim?.Worker.Labels.ToArray() ?? []);
        Add(p, NpgsqlDbType.Integer, claim?.Max ?? 0);
        Add(p, NpgsqlDbType.Text, claim?.Worker.Id);
        Add(p, NpgsqlDbType.Interval, claim?.Lease ?? TimeSpan.Zero);
    }

    private static void Add(NpgsqlParameterCollection parameters, NpgsqlDbType type, object? value) =>
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
}
