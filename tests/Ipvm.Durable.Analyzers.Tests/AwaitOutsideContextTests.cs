using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class AwaitOutsideContextTests
{
    [Fact]
    public async Task Flags_an_await_on_something_else()
    {
        var diagnostics = await Scenarios.Silent2("""
            using var stream = new MemoryStream();
            {|IPVM1003:await stream.FlushAsync()|};
            var pending = stream.WriteAsync(new byte[1]).AsTask();
            {|IPVM1003:await pending|};
            """);
        Assert.Equal(
            "Workflow 'Flow.Run' awaits 'Stream.FlushAsync()', which does not come from the context",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Flags_it_two_calls_away() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                await {|IPVM1003:Helpers.First(ctx)|};
            }
        }

        public static class Helpers
        {
            public static async Task First(WorkflowContext ctx) => await Second(ctx);

            public static async Task Second(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                await new MemoryStream().FlushAsync();
            }
        }
        """);

    [Fact]
    public Task Does_not_apply_to_deterministic_methods() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Pure
        {
            [Deterministic]
            public static async Task<int> Run()
            {
                await Task.CompletedTask;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Stays_silent_on_context_tasks() => Scenarios.Silent("""
        await ctx.CallChargeAsync(1);
        var lookup = ctx.CallLookupAsync("a");
        var text = await lookup;
        await Task.WhenAll(ctx.CreateTimer(TimeSpan.FromSeconds(1)), ctx.CallNotifyAsync("me"));
        await Task.CompletedTask;
        await Task.FromResult(1);
        await Helpers.Wait(ctx);
        """, Tasks.Source + """
        public static class Helpers
        {
            public static async Task Wait(WorkflowContext ctx) => await ctx.CreateTimer(TimeSpan.FromSeconds(1));
        }
        """);
}
