using System.Collections.Immutable;
using System.Reflection;
using Ipvm.Durable.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>Drives <see cref="DurableGenerator"/> over in-memory sources with <see cref="CSharpGeneratorDriver"/>.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compile(string assemblyName, params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Input{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));

    public static GeneratorDriver Driver(bool track = true) =>
        CSharpGeneratorDriver.Create(
            [new DurableGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    public static GeneratorRun Run(params string[] sources) => Run(Compile("Tests", sources));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, (CSharpCompilation)output, diagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var wanted = tpa.Where(static p =>
        {
            var name = Path.GetFileNameWithoutExtension(p);
            return name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib"
                || name.StartsWith("Ipvm.Durable", StringComparison.Ordinal) && !name.Contains("Tests", StringComparison.Ordinal) && !name.Contains("Generators", StringComparison.Ordinal)
                || name == "Microsoft.Extensions.Logging.Abstractions";
        });
        var references = wanted.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        // The runtime assemblies this project references, even when the host's TPA does not list them.
        foreach (var assembly in new[] { typeof(WorkflowContext).Assembly, typeof(Ipld.IpldValue).Assembly })
        {
            if (!tpa.Any(p => string.Equals(Path.GetFileNameWithoutExtension(p), assembly.GetName().Name, StringComparison.Ordinal)))
            {
                references.Add(MetadataReference.CreateFromFile(assembly.Location));
            }
        }

        return [.. references];
    }
}

/// <summary>One run of the generator: the driver (for timing and tracked steps), the compilation with generated code, and the generator's diagnostics.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, CSharpCompilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    /// <summary>Every generated file, by hint name in ordinal order, as one text.</summary>
    public string GeneratedText => string.Join("\n", Result.GeneratedSources.OrderBy(static s => s.HintName, StringComparer.Ordinal)
        .Select(static s => $"//----- {s.HintName}\n{s.SourceText}"));

    public string Generated(string hintName) => Result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>
    /// Compiler diagnostics of the output: every diagnostic in a generated file (documentation checks included),
    /// and errors and warnings anywhere except the inputs' own missing XML comments.
    /// </summary>
    public IReadOnlyList<Diagnostic> CompileDiagnostics => Output.GetDiagnostics()
        .Where(static d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true
            ? d.Severity != DiagnosticSeverity.Hidden
            : d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591")
        .ToList();

    public Assembly Load()
    {
        using var stream = new MemoryStream();
        var emit = Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new System.Runtime.Loader.AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("n"), isCollectible: true);
        return context.LoadFromStream(stream);
    }
}
