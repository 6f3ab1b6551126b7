using Ipvm.Durable.Wasm.Wast;

namespace Ipvm.Durable.Wasm.Tests;

/// <summary>One test per script of the official WebAssembly 2.0 suite (wast2json output in ../shared/conformance).</summary>
public sealed class SpecConformanceTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in SuiteLocator.ScriptNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_passes_every_command(string script)
    {
        var result = WastRunner.Run(SuiteLocator.Script(script));

        Assert.True(result.Failed == 0, $"{script}: {result.Failed} failed, {result.Passed} passed{Environment.NewLine}{result.DescribeFailures()}");
        Assert.All(result.Commands.Where(c => c.Outcome == WastOutcome.Skipped), c => Assert.False(string.IsNullOrEmpty(c.Message)));
    }
}
