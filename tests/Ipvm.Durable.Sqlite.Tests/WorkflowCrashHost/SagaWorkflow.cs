using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.WorkflowCrashTesting;

/// <summary>
/// A workflow with every kind of call, written as the source generator will emit it: per round a deterministic
/// step, an idempotent write, a keyed effect, a durable timer and an event. Each task appends to a sink file in the
/// folder it is given, so the test can count what ran.
/// </summary>
public static class SagaWorkflow
{
    public const string Name = "Saga";
    public const int Rounds = 12;

    public static readonly TaskDescriptor Square = new("Square", DotnetTaskRegistry.Op, "dotnet:CrashHost/Saga.Square@v1", EffectClass.Pure);
    public static readonly TaskDescriptor Store = new("Store", DotnetTaskRegistry.Op, "dotnet:CrashHost/Saga.Store@v1", EffectClass.Idempotent);
    public static readonly TaskDescriptor Charge = new("Charge", DotnetTaskRegistry.Op, "dotnet:CrashHost/Saga.Charge@v1", EffectClass.Effectful);

    /// <summary>The output an uninterrupted run gives: the squares' sum and the events in order.</summary>
    public static IpldValue Expected()
    {
        long sum = 0;
        var events = new List<IpldValue>();
        for (var i = 0; i < Rounds; i++)
        {
            sum += (long)i * i;
            events.Add($"event-{i}");
        }

        return IpldMap.Create(("events", IpldList.Create(events)), ("sum", sum));
    }

    public static void Register(WorkflowRuntime runtime, string sinks)
    {
        runtime.Tasks.Add(Square, (arguments, _) =>
        {
            var x = arguments.AsInt64();
            Append(sinks, "square.txt", x.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Thread.Sleep(5);
            return ValueTask.FromResult<IpldValue>(x * x);
        });
        runtime.Tasks.Add(Store, (arguments, effect) =>
        {
            Append(sinks, "store.txt", $"{effect.IdempotencyKey} {arguments.AsInt64()}");
            return ValueTask.FromResult(IpldValue.Null);
        });
        runtime.Tasks.Add(Charge, (arguments, effect) =>
        {
            // A keyed sink, as a payment provider is: a key it has seen is acknowledged, not charged again.
            Append(sinks, "charge-attempts.txt", effect.IdempotencyKey);
            var charged = Path.Combine(sinks, "charges.txt");
            if (!File.Exists(charged) || !File.ReadLines(charged).Any(line => line.StartsWith(effect.IdempotencyKey + " ", StringComparison.Ordinal)))
            {
                Append(sinks, "charges.txt", $"{effect.IdempotencyKey} {arguments.AsInt64()}");
            }

            return ValueTask.FromResult<IpldValue>(arguments.AsInt64());
        });
        runtime.AddWorkflow(new WorkflowDefinition(Name, "dotnet:CrashHost/Saga.Run@v1", EffectClass.Effectful, RunAsync));
    }

    private static async Task<IpldValue> RunAsync(WorkflowContext context, IpldValue arguments)
    {
        long sum = 0;
        var events = new List<IpldValue>();
        for (var i = 0; i < Rounds; i++)
        {
            var square = (await context.CallTaskAsync(Square, i)).AsInt64();
            await context.CallTaskAsync(Store, square);
            await context.CallTaskAsync(Charge, square + 1000);
            await context.CreateTimer(TimeSpan.FromMilliseconds(30));
            events.Add(await context.WaitForEvent<string>("go"));
            sum += square;
        }

        return IpldMap.Create(("events", IpldList.Create(events)), ("sum", sum));
    }

    private static void Append(string folder, string file, string line)
    {
        using var stream = new FileStream(Path.Combine(folder, file), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(line);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
