using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class HashCodeTests
{
    private const string Use = "var hash = [[\"abc\".GetHashCode()]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0010", """
        var a = [["abc".GetHashCode()]];
        var b = [[HashCode.Combine(1, 2)]];
        object boxed = 42;
        var c = [[boxed.GetHashCode()]];
        var d = [[StringComparer.Ordinal.GetHashCode("abc")]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0010", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0010", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0010", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_stable_hashes() => Scenarios.Silent("""
        var a = 42.GetHashCode();
        var b = new DateTime(2020, 1, 1).GetHashCode();
        var c = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("abc"));
        var d = StringComparer.Ordinal.Equals("a", "b");
        var set = new HashSet<string> { "a" };
        var e = set.Contains("a");
        """);
}
