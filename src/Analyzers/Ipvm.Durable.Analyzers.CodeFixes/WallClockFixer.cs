using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>IPVM0001: <c>DateTime.UtcNow</c> and friends become the context's recorded time.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WallClockFixer)), Shared]
public sealed class WallClockFixer : DurableCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.WallClock);

    /// <inheritdoc/>
    protected override string Title => "Use the context's recorded time (ctx.UtcNow)";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var suffix = DiagnosticNodes.Api(diagnostic) switch
        {
            "System.DateTimeOffset.UtcNow" or "System.DateTimeOffset.Now" => string.Empty,
            "System.DateTime.UtcNow" or "System.DateTime.Now" => ".UtcDateTime",
            "System.DateTime.Today" => ".UtcDateTime.Date",
            _ => null,
        };
        if (suffix is null || DiagnosticNodes.Find(root, diagnostic) is not { } node
            || ContextFinder.Find(node, model, cancellationToken) is not { } context)
        {
            return null;
        }

        return new CodeFix(node, _ => SyntaxFactory.ParseExpression(context + ".UtcNow" + suffix));
    }
}
