using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class WorkflowSignatureTests
{
    [Fact]
    public Task Flags_each_broken_part_of_the_signature() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Flows
        {
            [Workflow]
            public static Task {|IPVM1005:NotAsync|}(WorkflowContext ctx) => ctx.CreateTimer(TimeSpan.FromSeconds(1));

            [Workflow]
            public static async Task {|IPVM1005:NoContext|}(int x) => await Task.CompletedTask;

            [Workflow]
            public static async ValueTask<int> {|IPVM1005:WrongReturn|}(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return 1;
            }

            [Workflow]
            public static async void {|IPVM1004:{|IPVM1005:{|IPVM1005:Void|}|}|}() => await Task.CompletedTask;
        }
        """);

    [Fact]
    public async Task Names_the_workflow_and_the_problem()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Flows
            {
                [Workflow]
                public static async Task {|IPVM1005:NoContext|}(int x) => await Task.CompletedTask;
            }
            """);
        Assert.Equal(
            "Workflow 'Flows.NoContext' must take a WorkflowContext as its first parameter",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Accepts_the_right_shapes() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public sealed class DerivedContextUser
        {
            [Workflow]
            public async Task<int> Typed(WorkflowContext ctx, int x)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return x;
            }

            [Workflow]
            public async Task Untyped(WorkflowContext ctx) => await ctx.CreateTimer(TimeSpan.FromSeconds(1));
        }
        """);

    [Fact]
    public Task Stays_silent_without_an_Ipvm_reference() => AnalyzerVerifier.VerifyAsync("""
        using System;
        public sealed class WorkflowAttribute : Attribute { }
        public static class Flows
        {
            [Workflow]
            public static void NotAWorkflowHere() { }
        }
        """, durable: false);
}
