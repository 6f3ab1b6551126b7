using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

/// <summary>
/// A project that does not reference Ipvm.Durable gets no diagnostic at all, even with look-alike attributes and a
/// context of its own that would trip every rule (the IPVM0xxx rules each have their own such test too).
/// </summary>
public sealed class NoReferenceTests
{
    [Fact]
    public Task Reports_nothing_for_look_alikes_of_every_rule() => AnalyzerVerifier.VerifyAsync(
        Sources.Usings.Replace("using Ipvm.Durable;", string.Empty) + """
        [AttributeUsage(AttributeTargets.Method)] public sealed class WorkflowAttribute : Attribute { }
        [AttributeUsage(AttributeTargets.Method)] public sealed class DeterministicAttribute : Attribute { }
        [AttributeUsage(AttributeTargets.Method)] public sealed class EffectfulAttribute : Attribute { }
        public abstract class WorkflowContext { public abstract Task CreateTimer(TimeSpan delay); }

        public static class Payments
        {
            [Effectful]
            public static int Charge(int amount) => amount;
        }

        public static class Flows
        {
            [Workflow]
            public static Task NotAsync(int x) => Task.CompletedTask;

            [Workflow]
            public static async Task Run(WorkflowContext ctx)
            {
                var charged = Payments.Charge(1);
                ctx.CreateTimer(TimeSpan.FromSeconds(1));
                await new MemoryStream().FlushAsync();
                Action fire = async () => await Task.CompletedTask;
                var now = DateTime.UtcNow + TimeSpan.FromMilliseconds(Helpers.Noise());
            }

            [Deterministic]
            public static int Pure() => Helpers.Noise();
        }

        public static class Helpers
        {
            public static int Noise() => Guid.NewGuid().GetHashCode() + Environment.ProcessId;
        }
        """,
        durable: false);
}
