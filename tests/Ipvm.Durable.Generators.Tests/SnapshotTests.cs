using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>The generated code of each input, checked in as <c>Snapshots/*.verified.cs</c>, and compiled with zero diagnostics.</summary>
public sealed class SnapshotTests
{
    public static TheoryData<string> Inputs => ["Tasks", "Workflows", "Codecs", "Instances"];

    internal static string Source(string name) => name switch
    {
        "Tasks" => TestSources.Tasks,
        "Workflows" => TestSources.Workflows,
        "Instances" => TestSources.Instances,
        _ => TestSources.Codecs,
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Generated_code_matches_the_snapshot(string input)
    {
        var run = GeneratorHarness.Run(Source(input));
        Snapshot.Match(run.GeneratedText, input, "cs", "Snapshots");
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Generated_code_compiles_with_zero_diagnostics(string input)
    {
        var run = GeneratorHarness.Run(Source(input));
        Assert.Empty(run.Diagnostics.Where(static d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Assert.Empty(run.CompileDiagnostics);
    }

    [Fact]
    public void Output_is_byte_identical_across_runs()
    {
        var first = GeneratorHarness.Run(TestSources.Tasks, TestSources.Workflows, TestSources.Codecs).GeneratedText;
        var second = GeneratorHarness.Run(TestSources.Tasks, TestSources.Workflows, TestSources.Codecs).GeneratedText;
        Assert.Equal(first, second);
    }
}
