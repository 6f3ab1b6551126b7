using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class EnvironmentTests
{
    private const string Use = "var user = [[Environment.UserName]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0008", """
        var variable = [[Environment.GetEnvironmentVariable("HOME")]];
        var machine = [[Environment.MachineName]];
        var user = [[Environment.UserName]];
        var pid = [[Environment.ProcessId]];
        var directory = [[Environment.CurrentDirectory]];
        [[Console.WriteLine("hello")]];
        var line = [[Console.ReadLine()]];
        using var process = [[System.Diagnostics.Process.GetCurrentProcess()]];
        var zone = [[TimeZoneInfo.Local]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0008", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0008", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0008", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_the_context_logger() => Scenarios.Silent("""
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(ctx.Logger, "Run {RunId}", ctx.RunId);
        var replaying = ctx.IsReplaying;
        """);

    [Fact]
    public Task Fixes_console_output_with_the_context_logger() => CodeFixVerifier.VerifyAsync<EnvironmentFixer>("""
        using System;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx, string order)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                Console.WriteLine("Charging " + order);
            }
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using Ipvm.Durable;
        using Microsoft.Extensions.Logging;

        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx, string order)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                ctx.Logger.LogInformation("Charging " + order);
            }
        }
        """);

    [Fact]
    public Task Fixes_all_console_output() => CodeFixVerifier.VerifyAsync<EnvironmentFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx, string order)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                Console.Write("Order ");
                Console.WriteLine(order);
            }
        }
        """, Sources.Usings.Replace("using Ipvm.Durable;\n", "using Ipvm.Durable;\nusing Microsoft.Extensions.Logging;\n") + """
        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx, string order)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                ctx.Logger.LogInformation("Order ");
                ctx.Logger.LogInformation(order);
            }
        }
        """, fixAll: true);

    [Fact]
    public Task Offers_no_fix_for_environment_reads() => CodeFixVerifier.VerifyNoFixAsync<EnvironmentFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<string> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                Console.WriteLine(42);
                return Environment.MachineName;
            }
        }
        """);
}
