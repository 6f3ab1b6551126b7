using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>
/// IPVM0008: console output becomes the context's logger, which is silent while replaying:
/// <c>Console.WriteLine(text);</c> becomes <c>ctx.Logger.LogInformation(text);</c>. Only for one string argument; the rest of the rule (environment, processes) has no mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnvironmentFixer)), Shared]
public sealed class EnvironmentFixer : DurableCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.Environment);

    /// <inheritdoc/>
    protected override string Title => "Write through the context's logger (ctx.Logger)";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticNodes.Api(diagnostic) is not ("System.Console.WriteLine" or "System.Console.Write")
            || DiagnosticNodes.Find(root, diagnostic) is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } invocation
            || invocation.ArgumentList.Arguments.Count != 1
            || model.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type?.SpecialType != SpecialType.System_String
            || ContextFinder.Find(invocation, model, cancellationToken) is not { } context)
        {
            return null;
        }

        return new CodeFix(
            invocation,
            current => SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression(context + ".Logger.LogInformation"),
                ((InvocationExpressionSyntax)current).ArgumentList),
            requiredUsing: "Microsoft.Extensions.Logging");
    }
}
