using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>Compiles test sources against the running framework and, unless told otherwise, the real Ipvm.Durable.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithAllowUnsafe(true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
    {
        var directory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return paths
            .Where(p => string.Equals(Path.GetDirectoryName(p), directory, StringComparison.Ordinal))
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> Durable = new(() => ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(WorkflowContext).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Ipld.IpldValue).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)));

    /// <summary>The references a test compilation gets.</summary>
    public static ImmutableArray<MetadataReference> References(bool durable) =>
        durable ? Framework.Value.AddRange(Durable.Value) : Framework.Value;

    public static CSharpCompilation Create(IEnumerable<string> sources, bool durable = true) =>
        CSharpCompilation.Create(
            "TestProject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/0/Test{i}.cs")),
            References(durable),
            Options);

    /// <summary>Every <c>.cs</c> file under <paramref name="folder"/> (outside bin and obj), keyed by path relative to it.</summary>
    public static SortedDictionary<string, string> ReadFolder(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToDictionary(p => Path.GetRelativePath(folder, p).Replace('\\', '/'), File.ReadAllText), StringComparer.Ordinal);

    /// <summary>Compiles a set of files (as read by <see cref="ReadFolder"/>) with their paths kept.</summary>
    public static CSharpCompilation Create(IReadOnlyDictionary<string, string> files, IEnumerable<MetadataReference>? references = null) =>
        CSharpCompilation.Create(
            "FolderProject",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Value, ParseOptions, path: f.Key)),
            References(durable: true).AddRange(references ?? Array.Empty<MetadataReference>()),
            Options);

    /// <summary>Every analyzer the assembly ships, found by reflection so a new one cannot be forgotten.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(DeterminismAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The analyzers' diagnostics, ordered by position. Fails on compiler errors in the test source.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, bool allowCompilerErrors = false)
    {
        if (!allowCompilerErrors)
        {
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));
        }

        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "An analyzer threw:\n" + string.Join("\n", failures));
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }
}
