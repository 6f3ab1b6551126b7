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
}
