using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>IPVM0003: <c>new Random()</c> and <c>Random.Shared</c> become <c>ctx.Random</c>, seeded from the run.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RandomFixer)), Shared]
public sealed class RandomFixer : DurableCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.Random);

    /// <inheritdoc/>
    protected override string Title => "Use the context's seeded random (ctx.Random)";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticNodes.Api(diagnostic) is not ("System.Random..ctor" or "System.Random.Shared")
            || DiagnosticNodes.Find(root, diagnostic) is not { } node
            || ContextFinder.Find(node, model, cancellationToken) is not { } context)
        {
            return null;
        }

        return new CodeFix(node, _ => SyntaxFactory.ParseExpression(context + ".Random"));
    }
}
