using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class NewGuidTests
{
    private const string Use = "var id = [[Guid.NewGuid()]];";

    [Fact] public Task Flags_it_directly() => Scenarios.Direct("IPVM0002", "var id = [[Guid.NewGuid()]]; var v7 = [[Guid.CreateVersion7()]];");

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0002", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0002", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0002", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_look_alikes() => Scenarios.Silent("""
        var parsed = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        var empty = Guid.Empty;
        var recorded = ctx.NewGuid();
        var text = parsed.ToString("N") + recorded.ToString();
        var same = parsed == empty;
        """);

    [Fact]
    public Task Fixes_it_with_the_context() => CodeFixVerifier.VerifyAsync<NewGuidFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<Guid> Run(WorkflowContext context)
            {
                await context.CreateTimer(TimeSpan.FromSeconds(1));
                return Guid.NewGuid();
            }
        }
        """, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<Guid> Run(WorkflowContext context)
            {
                await context.CreateTimer(TimeSpan.FromSeconds(1));
                return context.NewGuid();
            }
        }
        """);

    [Fact]
    public Task Fixes_all_of_them() => CodeFixVerifier.VerifyAsync<NewGuidFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<Guid[]> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                Func<Guid> next = () => Guid.CreateVersion7();
                return new[] { Guid.NewGuid(), Guid.NewGuid(), next() };
            }
        }
        """, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<Guid[]> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                Func<Guid> next = () => ctx.NewGuid();
                return new[] { ctx.NewGuid(), ctx.NewGuid(), next() };
            }
        }
        """, fixAll: true);

    [Fact]
    public Task Offers_no_fix_without_a_context_in_reach() => CodeFixVerifier.VerifyNoFixAsync<NewGuidFixer>(Sources.Usings + """
        public static class Pure
        {
            [Deterministic]
            public static Guid Run() => Guid.NewGuid();
        }
        """);
}
