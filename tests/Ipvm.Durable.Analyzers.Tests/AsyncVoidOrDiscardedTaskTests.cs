using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class AsyncVoidOrDiscardedTaskTests
{
    [Fact]
    public Task Flags_async_void_and_discarded_context_tasks() => Scenarios.Silent2("""
        {|IPVM1004:ctx.CreateTimer(TimeSpan.FromSeconds(5))|};
        _ = {|IPVM1004:ctx.CallChargeAsync(1)|};
        Action fire = {|IPVM1004:async () => await ctx.CreateTimer(TimeSpan.FromSeconds(1))|};
        {|IPVM1004:Helpers.Fire()|};
        """, Tasks.Source + """
        public static class Helpers
        {
            public static async void Fire() => await Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Stays_silent_on_awaited_and_stored_tasks() => Scenarios.Silent("""
        var timer = ctx.CreateTimer(TimeSpan.FromSeconds(5));
        await ctx.CallChargeAsync(1);
        Func<Task> later = async () => await ctx.CreateTimer(TimeSpan.FromSeconds(1));
        await later();
        await timer;
        """, Tasks.Source);
}
