using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class UnverifiableTests
{
    private const string Use = "var result = [[typeof(string).GetMethod(\"Trim\", Type.EmptyTypes)!.Invoke(\"a\", null)]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0012", """
        var result = [[typeof(string).GetMethod("Trim", Type.EmptyTypes)!.Invoke("a", null)]];
        var created = [[Activator.CreateInstance(typeof(object))]];
        dynamic value = "text";
        var length = [[value.Length]];
        var pid = [[Native.getpid()]];
        var xml = [[System.Xml.Linq.XElement.Parse("<a/>")]];
        """, """
        public static class Native
        {
            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int getpid();
        }
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0012", Use);

    [Fact] public Task Flags_it_through_an_interface_as_a_warning_not_IPVM1002() => Scenarios.ThroughInterface(Use, id: "IPVM0012");

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0012", Use);

    [Fact] public Task Flags_unsafe_code_in_a_lambda() => Scenarios.InLambda("IPVM0012", "unsafe { int x = 1; int* p = [[&x]]; }");

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0012", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public async Task Is_a_warning_and_the_others_are_errors()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Pure
            {
                [Deterministic]
                public static (object?, DateTime) Run() => ({|IPVM0012:Activator.CreateInstance(typeof(object))|}, {|IPVM0001:DateTime.UtcNow|});
            }
            """);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[1].Severity);
    }

    [Fact]
    public Task Trusts_Deterministic_methods_of_other_assemblies_and_flags_the_rest()
    {
        var library = AnalyzerVerifier.Library("Pricing.Library", """
            using Ipvm.Durable;
            public static class Rates
            {
                [Deterministic]
                public static decimal Vat(decimal amount) => amount * 0.2m;

                public static decimal Unchecked(decimal amount) => amount * 0.1m;
            }
            """);
        return AnalyzerVerifier.VerifyAsync(
            Sources.Usings + """
            public static class Pure
            {
                [Deterministic]
                public static decimal Run(decimal amount) => Rates.Vat(amount) + {|IPVM0012:Rates.Unchecked(amount)|};
            }
            """,
            durable: true,
            ImmutableArray.Create(library));
    }
}
