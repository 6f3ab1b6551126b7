using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>IPVM0002: <c>Guid.NewGuid()</c> and <c>Guid.CreateVersion7()</c> become <c>ctx.NewGuid()</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NewGuidFixer)), Shared]
public sealed class NewGuidFixer : DurableCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.NewGuid);

    /// <inheritdoc/>
    protected override string Title => "Use the context's recorded GUID (ctx.NewGuid())";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        ReplaceWithContextMember(root, model, diagnostic, static api =>
            api is "System.Guid.NewGuid" or "System.Guid.CreateVersion7" ? ".NewGuid()" : null, cancellationToken);
}
