using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class DeterministicReachesNondeterminismTests
{
    [Fact]
    public async Task Reports_each_finding_once_on_the_call_that_leads_to_it()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Pricing
            {
                [Deterministic]
                public static decimal Quote(decimal amount) => {|IPVM1002:{|IPVM1002:{|IPVM1002:Tax.Rate()|}|}|} * amount + Tax.Rate() * 0;
            }

            public static class Tax
            {
                public static decimal Rate() => DateTime.UtcNow.Month + Guid.NewGuid().ToByteArray()[0] + Audit();
                public static int Audit() => Environment.ProcessId;
            }
            """);
        Assert.Equal(3, diagnostics.Length);
        Assert.Contains(diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)
            == "Deterministic 'Pricing.Quote' \u2192 'Tax.Rate' \u2192 'Tax.Audit' reads the process or its environment through 'Environment.ProcessId' (IPVM0008)");
    }

    [Fact]
    public Task Reports_a_broken_deterministic_callee_on_the_callee_only() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Pricing
        {
            [Deterministic]
            public static int Quote(int amount) => Round(amount);

            [Deterministic]
            public static int Round(int amount) => amount + {|IPVM0001:DateTime.UtcNow|}.Second;
        }
        """);

    [Fact]
    public Task Stays_silent_on_effects_in_task_bodies() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Storage
        {
            [Idempotent]
            public static string Read(string path) => File.ReadAllText(path) + DateTime.UtcNow;

            [Effectful]
            public static async Task Send(string body)
            {
                using var client = new HttpClient();
                await client.PostAsync("https://example.org", new StringContent(body));
            }
        }
        """);
}
