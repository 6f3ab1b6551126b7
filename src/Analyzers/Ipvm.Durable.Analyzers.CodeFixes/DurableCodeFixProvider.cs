using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>
/// The shape every fixer shares: it plans a rewrite per diagnostic (or declines), registers one action per
/// diagnostic, and applies many in one pass through a <see cref="DocumentEditor"/> for Fix All, so nested and
/// neighbouring fixes compose and a using directive is added once.
/// </summary>
public abstract class DurableCodeFixProvider : CodeFixProvider
{
    /// <summary>Title of the code action.</summary>
    protected abstract string Title { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is not null)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: GetType().Name),
                    diagnostic);
            }
        }
    }

    /// <summary>The rewrite for one diagnostic, or null when it cannot be fixed (no context in reach, say).</summary>
    protected abstract CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// The common fix: the flagged expression becomes <c>ctx</c> plus <paramref name="replacement"/>'s text for the
    /// flagged API (null: no fix), where <c>ctx</c> is a <c>WorkflowContext</c> in reach.
    /// </summary>
    protected static CodeFix? ReplaceWithContextMember(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, System.Func<string?, string?> replacement, CancellationToken cancellationToken)
    {
        if (replacement(DiagnosticNodes.Api(diagnostic)) is not { } member
            || DiagnosticNodes.Find(root, diagnostic) is not { } node
            || ContextFinder.Find(node, model, cancellationToken) is not { } context)
        {
            return null;
        }

        return new CodeFix(node, _ => Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseExpression(context + member));
    }

    private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var usings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is not { } fix)
            {
                continue;
            }

            editor.ReplaceNode(fix.Target, (current, _) => fix.Rewrite(current).WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation));
            if (fix.RequiredUsing is { } ns)
            {
                usings.Add(ns);
            }
        }

        var changed = editor.GetChangedDocument();
        foreach (var ns in usings)
        {
            changed = await AddUsingAsync(changed, ns, cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    private static async Task<Document> AddUsingAsync(Document document, string ns, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax unit
            || unit.Usings.Any(u => u.Name?.ToString() == ns))
        {
            return document;
        }

        var newLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var directive = SyntaxFactory.ParseCompilationUnit("using " + ns + ";" + (newLine == default ? "\n" : newLine.ToFullString())).Usings[0];
        // System namespaces first, then the rest, each in ordinal order (what dotnet format produces).
        var index = 0;
        while (index < unit.Usings.Count && (unit.Usings[index].Alias is not null || !unit.Usings[index].StaticKeyword.IsKind(SyntaxKind.None)
               || Compare(unit.Usings[index].Name?.ToString() ?? string.Empty, ns) < 0))
        {
            index++;
        }

        return document.WithSyntaxRoot(unit.WithUsings(unit.Usings.Insert(index, directive)));
    }

    private static int Compare(string left, string right)
    {
        var leftSystem = left == "System" || left.StartsWith("System.", StringComparison.Ordinal);
        var rightSystem = right == "System" || right.StartsWith("System.", StringComparison.Ordinal);
        return leftSystem != rightSystem ? (leftSystem ? -1 : 1) : string.CompareOrdinal(left, right);
    }
}

/// <summary>A planned rewrite: the node to replace and how to rewrite its current form.</summary>
public sealed class CodeFix
{
    /// <summary>Creates a planned rewrite.</summary>
    public CodeFix(SyntaxNode target, Func<SyntaxNode, SyntaxNode> rewrite, string? requiredUsing = null)
    {
        Target = target;
        Rewrite = rewrite;
        RequiredUsing = requiredUsing;
    }

    /// <summary>The node in the original tree.</summary>
    public SyntaxNode Target { get; }

    /// <summary>Builds the replacement from the node as it is after earlier fixes in the same pass.</summary>
    public Func<SyntaxNode, SyntaxNode> Rewrite { get; }

    /// <summary>A namespace the replacement needs imported (<c>System.Globalization</c> for CultureInfo), or null.</summary>
    public string? RequiredUsing { get; }
}
