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
}
