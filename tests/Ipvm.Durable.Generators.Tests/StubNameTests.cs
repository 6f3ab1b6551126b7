namespace Ipvm.Durable.Generators.Tests;

/// <summary>The stub's name is the one the analyzers' IPVM1001 fix writes.</summary>
public sealed class StubNameTests
{
    [Fact]
    public void A_task_named_with_an_Async_suffix_gets_a_stub_without_a_doubled_suffix()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using Ipvm.Durable;
            public static partial class Payments
            {
                [Effectful]
                public static Task<long> ChargeAsync(long cents) => Task.FromResult(cents);
            }
            """);

        var stubs = string.Concat(run.Result.GeneratedSources.Select(static s => s.SourceText.ToString()));
        Assert.Contains("CallChargeAsync(this global::Ipvm.Durable.WorkflowContext", stubs, StringComparison.Ordinal);
        Assert.DoesNotContain("CallChargeAsyncAsync", stubs, StringComparison.Ordinal);
    }
}
