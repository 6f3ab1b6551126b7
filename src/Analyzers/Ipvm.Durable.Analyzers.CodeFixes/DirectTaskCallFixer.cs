using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Ipvm.Durable.Analyzers.Reachability;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>
/// IPVM1001: <c>Payments.Charge(x)</c> becomes <c>await ctx.CallChargeAsync(x)</c>, the generated extension that runs the
/// task through the context. Offered in async functions with a context in reach; an existing <c>await</c> is kept.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DirectTaskCallFixer)), Shared]
public sealed class DirectTaskCallFixer : DurableCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DirectTaskCall);

    /// <inheritdoc/>
    protected override string Title => "Call the task through the context";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(MethodSummaryBuilder.TaskMethodProperty, out var method) || method is null
            || DiagnosticNodes.Find(root, diagnostic) is not InvocationExpressionSyntax invocation
            || !ContextFinder.InAsyncFunction(invocation)
            || ContextFinder.Find(invocation, model, cancellationToken) is not { } context)
        {
            return null;
        }

        var awaited = invocation.Parent is AwaitExpressionSyntax;
        var parenthesize = !awaited && invocation.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax;
        return new CodeFix(invocation, current =>
        {
            ExpressionSyntax call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression(context + "." + MethodSummaryBuilder.TaskCallName(method)),
                ((InvocationExpressionSyntax)current).ArgumentList);
            if (!awaited)
            {
                call = SyntaxFactory.AwaitExpression(call);
            }

            return parenthesize ? SyntaxFactory.ParenthesizedExpression(call) : call;
        });
    }
}
