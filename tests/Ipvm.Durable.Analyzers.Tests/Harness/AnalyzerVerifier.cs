using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>Runs the analyzers on marked-up sources and compares what they report with the markers.</summary>
internal static class AnalyzerVerifier
{
    /// <summary>Asserts the analyzers report exactly the marked diagnostics (id and span) in <paramref name="markup"/> and the other files.</summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, params string[] otherFiles) =>
        await VerifyAsync(markup, durable: true, otherFiles);

    public static Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, bool durable, params string[] otherFiles) =>
        VerifyAsync(markup, durable, ImmutableArray<MetadataReference>.Empty, otherFiles);

    /// <summary>As <see cref="VerifyAsync(string, string[])"/>, with more assemblies referenced (say, a library compiled by <see cref="Library"/>).</summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, bool durable, ImmutableArray<MetadataReference> references, params string[] otherFiles)
    {
        var (source, expected) = Markup.Parse(markup);
        var compilation = TestCompilation.Create(new[] { source }.Concat(otherFiles), durable).AddReferences(references);
        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);
        var main = compilation.SyntaxTrees.First();
        var actual = diagnostics.Select(d => (d.Id, d.Location.SourceTree == main ? d.Location.SourceSpan : default)).ToList();
        var expectedSorted = expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        if (!actual.SequenceEqual(expectedSorted))
        {
            Assert.Fail("Expected:\n" + string.Join("\n", expectedSorted.Select(e => Describe(e.Id, e.Span, source)))
                + "\nActual:\n" + string.Join("\n", diagnostics.Select(d => Describe(d, source))));
        }

        return diagnostics;
    }

    /// <summary>Compiles <paramref name="source"/> into an assembly of its own and returns a reference to it.</summary>
    public static MetadataReference Library(string name, string source)
    {
        var compilation = TestCompilation.Create(new[] { source }).WithAssemblyName(name);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static string Describe(string id, Microsoft.CodeAnalysis.Text.TextSpan span, string source) =>
        $"  {id} at {span} '{source.Substring(span.Start, span.Length)}'";

    private static string Describe(Diagnostic diagnostic, string source) =>
        $"  {diagnostic.Id} at {diagnostic.Location.SourceSpan} '{diagnostic.Location.SourceTree?.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}': {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
}
