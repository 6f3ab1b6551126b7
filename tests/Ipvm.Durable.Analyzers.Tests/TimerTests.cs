using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class TimerTests
{
    private const string Use = "[[Thread.Sleep(10)]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0004", """
        [[Thread.Sleep(10)]];
        await [[Task.Delay(10)]];
        using var timer = [[new Timer(_ => { })]];
        using var periodic = [[new PeriodicTimer(TimeSpan.FromSeconds(1))]];
        using var source = new CancellationTokenSource();
        [[source.CancelAfter(100)]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0004", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0004", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0004", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_look_alikes() => Scenarios.Silent("""
        await ctx.CreateTimer(TimeSpan.FromMinutes(5));
        await ctx.CreateTimer(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);
        var span = TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(2);
        using var source = new CancellationTokenSource();
        var token = source.Token;
        """);

    [Fact]
    public Task Fixes_a_delay_with_a_durable_timer() => CodeFixVerifier.VerifyAsync<TimerFixer>(Sources.Usings + """
public static class Flow
{
    [Workflow]
    public static async Task<int> Run(WorkflowContext ctx, CancellationToken token)
    {
        await Task.Delay(TimeSpan.FromMinutes(5));
        return 1;
    }
}
""", Sources.Usings + """
public static class Flow
{
    [Workflow]
    public static async Task<int> Run(WorkflowContext ctx, CancellationToken token)
    {
        await ctx.CreateTimer(TimeSpan.FromMinutes(5));
        return 1;
    }
}
""");

    [Fact]
    public Task Fixes_all_delays_and_sleeps() => CodeFixVerifier.VerifyAsync<TimerFixer>(Sources.Usings + """
public static class Flow
{
    [Workflow]
    public static async Task<int> Run(WorkflowContext ctx, CancellationToken token)
    {
        await Task.Delay(250, token);
        Thread.Sleep(100);
        Func<Task> later = async () => await Task.Delay(TimeSpan.FromSeconds(1));
        await later();
        return 1;
    }
}
""", Sources.Usings + """
public static class Flow
{
    [Workflow]
    public static async Task<int> Run(WorkflowContext ctx, CancellationToken token)
    {
        await ctx.CreateTimer(TimeSpan.FromMilliseconds(250), token);
        await ctx.CreateTimer(TimeSpan.FromMilliseconds(100));
        Func<Task> later = async () => await ctx.CreateTimer(TimeSpan.FromSeconds(1));
        await later();
        return 1;
    }
}
""", fixAll: true);

    [Fact]
    public Task Offers_no_fix_for_a_sleep_outside_an_async_function() => CodeFixVerifier.VerifyNoFixAsync<TimerFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx)
            {
                Action wait = () => Thread.Sleep(10);
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
            }
        }
        """);
}
