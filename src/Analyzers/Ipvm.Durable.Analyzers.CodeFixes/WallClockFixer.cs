using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

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
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        ReplaceWithContextMember(root, model, diagnostic, static api => api switch
        {
            "System.DateTimeOffset.UtcNow" or "System.DateTimeOffset.Now" => ".UtcNow",
            "System.DateTime.UtcNow" or "System.DateTime.Now" => ".UtcNow.UtcDateTime",
            "System.DateTime.Today" => ".UtcNow.UtcDateTime.Date",
            _ => null,
        }, cancellationToken);
}
