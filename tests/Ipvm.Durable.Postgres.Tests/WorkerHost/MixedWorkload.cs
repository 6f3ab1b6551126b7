using Ipvm.Durable.Ipld;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests;

/// <summary>
/// A workflow of tasks of all three effect classes, wired in chains so dependents wait on earlier results, and the
/// ops that run it. The effectful op is a keyed sink in the database: it records every call, and delivers each
/// idempotency key once (insert-if-absent), as a payment or mail API given an idempotency key would.
/// </summary>
public static class MixedWorkload
{
    public const string SinkSchema = """
        CREATE TABLE IF NOT EXISTS public.sink_calls (key text NOT NULL, worker text NOT NULL);
        CREATE TABLE IF NOT EXISTS public.sink (key text PRIMARY KEY, worker text NOT NULL);
        """;

    private const int Stride = 50;

    /// <summary><paramref name="count"/> tasks: by index mod 4, pure, pure, idempotent, effectful; task i awaits task i - 50.</summary>
    public static Workflow Create(int count, string salt, int sleepMs)
    {
        var tasks = new List<WorkflowTask>(count);
        for (var i = 0; i < count; i++)
        {
            var op = (i % 4) switch { 0 or 1 => "mix/pure", 2 => "mix/idempotent", _ => "mix/sink" };
            IpldValue previous = i >= Stride ? IpldMap.Create(("await/ok", new IpldLink(tasks[i - Stride].InstructionCid))) : IpldInteger.From(0);
            var input = IpldMap.Create(("args", IpldList.Create([IpldInteger.From(i), previous])), ("func", "step"), ("salt", salt), ("sleep", sleepMs));
            tasks.Add(new WorkflowTask(new Instruction("ipfs://mixed", op, input, op == "mix/pure" ? null : new IpldString("mixed"))));
        }

        return new Workflow(tasks);
    }

    /// <summary>The ops; the sink writes to <paramref name="sink"/>, or only counts when it is null.</summary>
    public static OpRegistry Register(OpRegistry ops, NpgsqlDataSource? sink, string worker)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ops.Register("mix/pure", EffectClass.Pure, c => StepAsync(c, null, worker));
        ops.Register("mix/idempotent", EffectClass.Idempotent, c => StepAsync(c, null, worker));
        ops.Register("mix/sink", EffectClass.Effectful, c => StepAsync(c, sink, worker));
        return ops;
    }

    private static async ValueTask<TaskResult> StepAsync(OpContext context, NpgsqlDataSource? sink, string worker)
    {
        var input = (IpldMap)context.Input;
        if (input.GetValueOrDefault("sleep") is IpldInteger sleep && sleep.Value > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds((long)sleep.Value), context.CancellationToken);
        }

        if (sink is not null)
        {
            await DeliverAsync(sink, context.IdempotencyKey, worker, context.CancellationToken);
        }

        Int128 sum = 1;
        foreach (var arg in ((IpldList)input.GetValueOrDefault("args")!).Items)
        {
            sum += arg is IpldInteger n ? n.Value : 0;
        }

        return TaskResult.Ok(IpldInteger.From(sum));
    }

    /// <summary>Keyed delivery; the sink is idempotent by key, so the handler may try again itself while the database restarts.</summary>
    private static async Task DeliverAsync(NpgsqlDataSource sink, string key, string worker, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = sink.CreateCommand("""
                    WITH call AS (INSERT INTO public.sink_calls (key, worker) VALUES (@key, @worker))
                    INSERT INTO public.sink (key, worker) VALUES (@key, @worker) ON CONFLICT (key) DO NOTHING
                    """);
                command.Parameters.AddWithValue("key", key);
                command.Parameters.AddWithValue("worker", worker);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (attempt < 60 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
