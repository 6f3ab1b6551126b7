using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class RandomTests
{
    private const string Use = "var n = [[new Random()]].Next();";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0003", """
        var a = [[new Random()]].Next();
        var b = [[Random.Shared]].Next();
        var c = [[System.Security.Cryptography.RandomNumberGenerator.GetInt32(10)]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0003", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0003", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0003", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_look_alikes() => Scenarios.Silent("""
        var a = ctx.Random.Next();
        var b = ctx.Random.NextDouble();
        var seeded = new Random(42).Next(10);
        var hash = System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 2, 3 });
        """);

    [Fact]
    public Task Fixes_it_with_the_context() => CodeFixVerifier.VerifyAsync<RandomFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return new Random().Next(6);
            }
        }
        """, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return ctx.Random.Next(6);
            }
        }
        """);

    [Fact]
    public Task Fixes_all_of_them() => CodeFixVerifier.VerifyAsync<RandomFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                var random = new Random();
                return random.Next(6) + Random.Shared.Next(6);
            }
        }
        """, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                var random = ctx.Random;
                return random.Next(6) + ctx.Random.Next(6);
            }
        }
        """, fixAll: true);
}
