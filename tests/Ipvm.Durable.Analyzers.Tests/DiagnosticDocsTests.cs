using System.Reflection;
using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;
using Ipvm.Durable.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Ipvm.Durable.Analyzers.Tests;

/// <summary>Every rule has an id, a help link, a docs page with a bad and a good example, and a row in the tables.</summary>
public sealed class DiagnosticDocsTests
{
    private const string Start = "<!-- diagnostics:start -->";
    private const string End = "<!-- diagnostics:end -->";

    private static readonly DiagnosticDescriptor[] Descriptors = TestCompilation.Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .DistinctBy(d => d.Id)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    private static string Docs => Path.Combine(RepositoryPaths.Root, "docs", "diagnostics");

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    [Fact]
    public void Every_identifier_has_a_descriptor_and_every_descriptor_an_identifier()
    {
        var identifiers = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(id => id, StringComparer.Ordinal);
        Assert.Equal(identifiers, Descriptors.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_a_help_link_and_a_page_with_a_bad_and_a_good_example(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        var page = Path.Combine(Docs, id + ".md");
        Assert.True(File.Exists(page), "Missing docs page " + page);
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
        Assert.Contains("| Severity | " + descriptor.DefaultSeverity + " |", text, StringComparison.Ordinal);
        Assert.Contains("## Bad", text, StringComparison.Ordinal);
        Assert.Contains("## Good", text, StringComparison.Ordinal);
        var fixable = Fixers.Any(f => f.FixableDiagnosticIds.Contains(id));
        Assert.Contains("| Code fix | " + (fixable ? "yes" : "no") + " |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diagnostics_index_lists_every_rule()
    {
        Assert.Equal(ExpectedRows(), Rows(File.ReadAllText(Path.Combine(Docs, "README.md")))!);
    }

    [Fact]
    public void The_repository_readme_matches_the_index_when_it_has_the_table()
    {
        var readme = Path.Combine(RepositoryPaths.Root, "README.md");
        if (Rows(File.ReadAllText(readme)) is { } rows)
        {
            Assert.Equal(ExpectedRows(), rows);
        }
    }

    private static IEnumerable<CodeFixProvider> Fixers => typeof(DurableCodeFixProvider).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

    private static string[] ExpectedRows() => Descriptors
        .Select(d => $"| [{d.Id}](docs/diagnostics/{d.Id}.md) | {d.DefaultSeverity} | {d.Title} |")
        .ToArray();

    private static string[]? Rows(string markdown)
    {
        var start = markdown.IndexOf(Start, StringComparison.Ordinal);
        var end = markdown.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return null;
        }

        return markdown[(start + Start.Length)..end]
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("| [", StringComparison.Ordinal))
            .ToArray();
    }
}
