using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class ThreadingTests
{
    private const string Use = "var task = [[Task.Run(() => 1)]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0005", """
        var task = [[Task.Run(() => 1)]];
        var started = [[Task.Factory.StartNew(() => 2)]];
        var thread = [[new Thread(() => { })]];
        [[ThreadPool.QueueUserWorkItem(_ => { })]];
        [[Parallel.For(0, 10, i => { })]];
        var gate = new object();
        lock ([[gate]]) { }
        var count = 0;
        [[Interlocked.Increment(ref count)]];
        await [[ctx.CreateTimer(TimeSpan.FromSeconds(1)).ConfigureAwait(false)]];
        var text = await [[Task.WhenAny(new MemoryStream().FlushAsync(), ctx.CreateTimer(TimeSpan.FromSeconds(1)))]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0005", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0005", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0005", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_context_tasks_and_local_state() => Scenarios.Silent("""
        await Task.WhenAll(ctx.CreateTimer(TimeSpan.FromSeconds(1)), ctx.CreateTimer(TimeSpan.FromSeconds(2)));
        var timers = new[] { 1, 2, 3 }.Select(i => ctx.CreateTimer(TimeSpan.FromSeconds(i))).ToList();
        await Task.WhenAll(timers);
        var first = ctx.CreateTimer(TimeSpan.FromSeconds(1));
        var second = ctx.CreateTimer(TimeSpan.FromSeconds(2));
        await Task.WhenAny(first, second);
        await ctx.CreateTimer(TimeSpan.FromSeconds(1)).ConfigureAwait(true);
        await Task.CompletedTask;
        var list = new List<int> { 1, 2 };
        list.Add(3);
        var total = list.Where(i => i > 1).Sum();
        """);
}
