using Ipvm.Durable.Analyzers.CodeFixes;
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

    [Fact]
    public Task Fixes_it_with_the_context_call() => CodeFixVerifier.VerifyAsync<DirectTaskCallFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                var charged = Payments.Charge(5);
                return charged;
            }
        }
        """ + Tasks.Source, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                var charged = await ctx.CallChargeAsync(5);
                return charged;
            }
        }
        """ + Tasks.Source);

    [Fact]
    public Task Fixes_all_of_them_keeping_existing_awaits() => CodeFixVerifier.VerifyAsync<DirectTaskCallFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                var found = await Payments.LookupAsync("a");
                Payments.Notify(found);
                return Payments.Charge(found.Length).GetHashCode() + Payments.Charge(1);
            }
        }
        """ + Tasks.Source, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<int> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                var found = await ctx.CallLookupAsync("a");
                await ctx.CallNotifyAsync(found);
                return (await ctx.CallChargeAsync(found.Length)).GetHashCode() + await ctx.CallChargeAsync(1);
            }
        }
        """ + Tasks.Source, fixAll: true);

    [Fact]
    public Task Offers_no_fix_outside_an_async_function() => CodeFixVerifier.VerifyNoFixAsync<DirectTaskCallFixer>(Sources.Usings + """
        public static class Pure
        {
            [Deterministic]
            public static int Run(WorkflowContext ctx) => Payments.Charge(1);
        }
        """ + Tasks.Source);
}
