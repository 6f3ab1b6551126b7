using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class DirectTaskCallTests
{
    private const string Use = "var charged = [[Payments.Charge(5)]];";

    [Fact]
    public async Task Flags_it_directly_and_names_the_context_call()
    {
        var diagnostics = await Scenarios2.Direct("""
            var charged = {|IPVM1001:Payments.Charge(5)|};
            var found = await {|IPVM1001:Payments.LookupAsync("a")|};
            Func<int, int> charge = {|IPVM1001:Payments.Charge|};
            """);
        Assert.Equal(
            "Workflow 'Flow.Run' calls the [Effectful] task 'Payments.Charge' directly; call it through the context: 'await ctx.CallChargeAsync(...)'",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM1001", Use, Tasks.Source);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use, extra: Tasks.Source);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM1001", Use, Tasks.Source);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM1001", Use, Tasks.Source);

    [Fact]
    public Task Stays_silent_on_context_calls_and_in_task_bodies() => Scenarios.Silent("""
        var charged = await ctx.CallChargeAsync(5);
        var found = await ctx.CallLookupAsync("a");
        await ctx.CallNotifyAsync("me");
        var quote = Pricing.Quote(charged);
        """, Tasks.Source + """
        public static class Pricing
        {
            [Deterministic]
            public static int Quote(int amount) => Pricing.Round(amount);

            [Deterministic]
            public static int Round(int amount) => amount / 10 * 10;
        }
        """);
}

/// <summary>A workflow with the tasks in the same source.</summary>
internal static class Scenarios2
{
    public static Task<System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic>> Direct(string body) =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Flow
            {
                [Workflow]
                public static async Task Run(WorkflowContext ctx)
                {
                    await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                    BODY
                }
            }
            """.Replace("BODY", body) + Tasks.Source);
}
