using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>
/// Applies a code fix in an <see cref="AdhocWorkspace"/>: to the first fixable diagnostic, or to all of them through the
/// provider's Fix All. Then asserts the text, that the result compiles, and that none of the fixer's diagnostics remain.
/// </summary>
internal static class CodeFixVerifier
{
    public static async Task VerifyAsync<TFixer>(string markup, string expected, bool fixAll = false)
        where TFixer : CodeFixProvider, new()
    {
        var (source, _) = Markup.Parse(markup);
        var fixer = new TFixer();
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, source);
        var diagnostics = await FixableDiagnosticsAsync(document, fixer);
        Assert.True(diagnostics.Length > 0, "No diagnostic the fixer handles was reported.");

        Solution solution;
        if (fixAll)
        {
            var provider = fixer.GetFixAllProvider();
            Assert.NotNull(provider);
            var context = new FixAllContext(
                document,
                fixer,
                FixAllScope.Document,
                await EquivalenceKeyAsync(document, fixer, diagnostics[0]),
                fixer.FixableDiagnosticIds,
                new Provider(diagnostics),
                CancellationToken.None);
            var action = await provider.GetFixAsync(context);
            Assert.NotNull(action);
            solution = await ApplyAsync(action);
        }
        else
        {
            var actions = await ActionsAsync(document, fixer, diagnostics[0]);
            Assert.True(actions.Count > 0, "The fixer registered no action for " + diagnostics[0]);
            solution = await ApplyAsync(actions[0]);
        }

        var fixedDocument = solution.GetDocument(document.Id)!;
        var text = (await fixedDocument.GetTextAsync()).ToString();
        Assert.Equal(expected.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));

        var compilation = (await fixedDocument.Project.GetCompilationAsync())!;
        var remaining = (await TestCompilation.AnalyzeAsync(compilation)).Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToList();
        Assert.True(remaining.Count == 0, "Diagnostics remain after the fix:\n" + string.Join("\n", remaining));
    }

    /// <summary>Asserts the fixer offers nothing for the diagnostics in <paramref name="markup"/>.</summary>
    public static async Task VerifyNoFixAsync<TFixer>(string markup)
        where TFixer : CodeFixProvider, new()
    {
        var (source, _) = Markup.Parse(markup);
        var fixer = new TFixer();
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, source);
        var diagnostics = await FixableDiagnosticsAsync(document, fixer);
        Assert.True(diagnostics.Length > 0, "No diagnostic the fixer handles was reported.");
        foreach (var diagnostic in diagnostics)
        {
            Assert.Empty(await ActionsAsync(document, fixer, diagnostic));
        }
    }

    private static Document CreateDocument(AdhocWorkspace workspace, string source)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            compilationOptions: TestCompilation.Options,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References(durable: true)));
        return workspace.AddDocument(project.Id, "Test0.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Document document, CodeFixProvider fixer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);
        return diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, CodeFixProvider fixer, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<string?> EquivalenceKeyAsync(Document document, CodeFixProvider fixer, Diagnostic diagnostic) =>
        (await ActionsAsync(document, fixer, diagnostic)).FirstOrDefault()?.EquivalenceKey;

    private static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }
}
