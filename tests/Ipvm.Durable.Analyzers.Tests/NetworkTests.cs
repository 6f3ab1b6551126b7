using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class NetworkTests
{
    private const string Use = "using var client = [[new HttpClient()]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0007", """
        using var client = [[new HttpClient()]];
        var body = await [[client.GetStringAsync("https://example.org")]];
        var host = [[System.Net.Dns.GetHostName()]];
        using var tcp = [[new System.Net.Sockets.TcpClient()]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0007", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0007", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0007", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_addresses_as_values() => Scenarios.Silent("""
        var uri = new Uri("https://example.org/a?b=c");
        var host = uri.Host;
        var address = System.Net.IPAddress.Parse("127.0.0.1");
        var encoded = System.Net.WebUtility.UrlEncode(host);
        """);
}
