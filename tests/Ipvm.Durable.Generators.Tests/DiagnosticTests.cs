using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>What the generator reports itself: IPVM2001..IPVM2006.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void An_unsupported_parameter_type_is_reported_at_the_parameter()
    {
        const string Source = """
            using Ipvm.Durable;
            public interface IShape { }
            public static partial class Bad
            {
                [Deterministic]
                public static long Area(IShape shape, decimal scale) => 0;
            }
            """;
        var run = GeneratorHarness.Run(Source);
        var diagnostics = run.Diagnostics.Where(static d => d.Id == "IPVM2001").ToList();
        Assert.Equal(2, diagnostics.Count);
        Assert.Equal("shape", Text(Source, diagnostics[0]));
        Assert.Equal("scale", Text(Source, diagnostics[1]));
        Assert.Contains("IShape", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Result.GeneratedSources, static s => s.HintName.StartsWith("Bad.", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unsupported_return_type_is_reported()
    {
        var run = GeneratorHarness.Run("""
            using Ipvm.Durable;
            public static partial class Bad
            {
                [Deterministic]
                public static object Any(long x) => x;
            }
            """);
        Assert.Single(run.Diagnostics, static d => d.Id == "IPVM2001");
    }

    [Fact]
    public void A_task_name_used_twice_is_reported_at_both_and_an_explicit_name_resolves_it()
    {
        const string Colliding = """
            using Ipvm.Durable;
            namespace A { public static partial class One { [Deterministic] public static long Run(long x) => x; } }
            namespace B { public static partial class Two { [Idempotent] public static long Run(long x) => x; } }
            """;
        var diagnostics = GeneratorHarness.Run(Colliding).Diagnostics.Where(static d => d.Id == "IPVM2002").ToList();
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("Run", Text(Colliding, d)));

        var resolved = GeneratorHarness.Run(Colliding.Replace("[Idempotent]", "[Idempotent(Name = \"RunTwo\")]", StringComparison.Ordinal));
        Assert.Empty(resolved.Diagnostics);
        Assert.Contains("CallRunTwoAsync", resolved.GeneratedText, StringComparison.Ordinal);
        Assert.Empty(resolved.CompileDiagnostics);
    }

    [Fact]
    public void Instance_workflows_and_classes_that_are_not_partial_are_reported_but_instance_tasks_are_fine()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using Ipvm.Durable;
            public partial class Instance { [Workflow] public async Task Run(WorkflowContext ctx) => await ctx.CallGoAsync(1); }
            public partial class Service { [Deterministic] public long Go(long x) => x; }
            public static class Sealed { [Deterministic] public static long Stop(long x) => x; }
            """);
        Assert.Equal(
            [
                "IPVM2003 Workflow 'Instance.Run' must be static: the runtime starts and replays a workflow with no instance to call it on",
                "IPVM2004 'Stop' is declared in 'Sealed', which must be a partial class that is not nested in another type: the generator adds the descriptor to it",
            ],
            run.Diagnostics.Select(static d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Workflows_that_are_not_static_dataflows_get_an_info_naming_the_construct_and_line()
    {
        var run = GeneratorHarness.Run(TestSources.Workflows);
        var infos = run.Diagnostics.Where(static d => d.Id == "IPVM2005").OrderBy(static d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, infos.Count);
        Assert.All(infos, static d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        var branch = infos[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'Branchy'", branch, StringComparison.Ordinal);
        Assert.Contains("'if' statement", branch, StringComparison.Ordinal);
        Assert.Contains($"line {infos[0].Location.GetLineSpan().StartLinePosition.Line + 1}", branch, StringComparison.Ordinal);
        Assert.Contains("a loop", infos[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_descriptor_has_a_docs_page_and_help_link()
    {
        foreach (var id in new[] { "IPVM2001", "IPVM2002", "IPVM2003", "IPVM2004", "IPVM2005", "IPVM2006" })
        {
            var descriptor = DiagnosticDescriptors.ById(id);
            Assert.Equal(id, descriptor.Id);
            Assert.EndsWith(id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Testing.RepositoryPaths.Root, "docs", "diagnostics", id + ".md")), id);
        }
    }

    private static string Text(string source, Diagnostic diagnostic) => source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
