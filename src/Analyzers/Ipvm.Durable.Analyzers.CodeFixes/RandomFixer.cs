using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

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
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        ReplaceWithContextMember(root, model, diagnostic, static api =>
            api is "System.Random..ctor" or "System.Random.Shared" ? ".Random" : null, cancellationToken);
}
