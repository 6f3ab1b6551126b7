using System.Text;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Testing;

/// <summary>
/// Small handlers for tests, demos and crash tests. Inputs follow Homestar's <c>{func, args}</c> shape.
/// <list type="bullet">
/// <item><c>test/echo</c>: returns <c>args[0]</c>.</item>
/// <item><c>test/add</c>: the sum of the integer <c>args</c>.</item>
/// <item><c>test/count</c>: appends the instruction CID as a line to a side file (<c>input.file</c> or the
/// <c>IPVM_TEST_COUNT_FILE</c> environment variable) and returns 1 + the sum of the integer <c>args</c>.</item>
/// <item><c>test/image</c>: returns <c>args[0]</c> + "|" + <c>func</c>, a stand-in for an image filter.</item>
/// <item><c>test/fail</c>: fails with <c>args[0]</c> as the message.</item>
/// <item><c>test/sleep</c>: waits <c>args[0]</c> milliseconds on the task's clock, then returns it.</item>
/// <item><c>test/throw</c>: throws (a transient failure, retried as an idempotent op).</item>
/// <item><c>test/noop</c>: returns null.</item>
/// </list>
/// </summary>
public static class TestOps
{
    /// <summary>The environment variable naming <c>test/count</c>'s side file.</summary>
    public const string CountFileVariable = "IPVM_TEST_COUNT_FILE";

    private static readonly Lock CountLock = new();

    /// <summary>Registers every test op in <paramref name="registry"/>.</summary>
    public static OpRegistry AddTestOps(this OpRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("test/echo", EffectClass.Pure, static c => TaskResult.Ok(Arg(c.Input, 0) ?? c.Input));
        registry.Register("test/add", EffectClass.Pure, static c => TaskResult.Ok(Sum(c.Input)));
        registry.Register("test/noop", EffectClass.Pure, static _ => TaskResult.Ok(IpldValue.Null));
        registry.Register("test/image", EffectClass.Pure, static c => TaskResult.Ok(
            (Arg(c.Input, 0) is IpldString s ? s.Value : string.Empty) + "|" + c.Instruction.DisplayName));
        registry.Register("test/fail", EffectClass.Pure, static c => TaskResult.Error(
            Arg(c.Input, 0) is IpldString s ? s.Value : "test/fail failed as asked"));
        registry.Register("test/count", EffectClass.Idempotent, static c => Count(c));
        registry.Register("test/sleep", EffectClass.Pure, static c => SleepAsync(c));
        registry.Register("test/throw", EffectClass.Idempotent, static TaskResult (_) =>
            throw new InvalidOperationException("test/throw threw as asked"));
        return registry;
    }

    private static TaskResult Count(OpContext context)
    {
        var file = (context.Input as IpldMap)?.GetValueOrDefault("file") is IpldString f ? f.Value : Environment.GetEnvironmentVariable(CountFileVariable);
        if (!string.IsNullOrEmpty(file))
        {
            var line = Encoding.UTF8.GetBytes(context.Task.InstructionCid + "\n");
            lock (CountLock)
            {
                using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(line);
            }
        }

        return TaskResult.Ok(IpldInteger.From((Int128)1 + Sum(context.Input).Value));
    }

    private static async ValueTask<TaskResult> SleepAsync(OpContext context)
    {
        var ms = Arg(context.Input, 0) is IpldInteger i ? (long)i.Value : 0;
        await Task.Delay(TimeSpan.FromMilliseconds(ms), context.Time, context.CancellationToken).ConfigureAwait(false);
        return TaskResult.Ok(ms);
    }

    private static IpldValue? Arg(IpldValue input, int index) =>
        input is IpldMap map && map.GetValueOrDefault("args") is IpldList args && args.Count > index ? args[index] : null;

    private static IpldInteger Sum(IpldValue input)
    {
        Int128 sum = 0;
        if (input is IpldMap map && map.GetValueOrDefault("args") is IpldList args)
        {
            foreach (var arg in args.Items)
            {
                if (arg is IpldInteger n)
                {
                    sum += n.Value;
                }
            }
        }

        return IpldInteger.From(sum);
    }
}
