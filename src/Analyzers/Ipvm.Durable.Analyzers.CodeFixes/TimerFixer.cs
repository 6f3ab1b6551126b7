using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>
/// IPVM0004: <c>Task.Delay(x[, token])</c> becomes <c>ctx.CreateTimer(x[, token])</c>, and <c>Thread.Sleep(x);</c> in an
/// async function becomes <c>await ctx.CreateTimer(x);</c>. Milliseconds become <c>TimeSpan.FromMilliseconds(x)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TimerFixer)), Shared]
public sealed class TimerFixer : DurableCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.Timer);

    /// <inheritdoc/>
    protected override string Title => "Use a durable timer (ctx.CreateTimer)";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var api = DiagnosticNodes.Api(diagnostic);
        if (api is not ("System.Threading.Tasks.Task.Delay" or "System.Threading.Thread.Sleep")
            || DiagnosticNodes.Find(root, diagnostic) is not InvocationExpressionSyntax invocation
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || ContextFinder.Find(invocation, model, cancellationToken) is not { } context)
        {
            return null;
        }

        // Only the (delay) and (delay, token) shapes map onto CreateTimer.
        var parameters = method.Parameters;
        var milliseconds = parameters.Length > 0 && parameters[0].Type.SpecialType == SpecialType.System_Int32;
        if (parameters.Length == 0 || (!milliseconds && parameters[0].Type.Name != "TimeSpan")
            || (parameters.Length == 2 && parameters[1].Type.Name != "CancellationToken") || parameters.Length > 2)
        {
            return null;
        }

        var sleep = api == "System.Threading.Thread.Sleep";
        if (sleep && (invocation.Parent is not ExpressionStatementSyntax || !ContextFinder.InAsyncFunction(invocation)))
        {
            return null;
        }

        return new CodeFix(invocation, current =>
        {
            var arguments = ((InvocationExpressionSyntax)current).ArgumentList;
            if (milliseconds)
            {
                var first = arguments.Arguments[0];
                var converted = SyntaxFactory.ParseExpression(TimeSpanPrefix(model) + "TimeSpan.FromMilliseconds(" + first.Expression.WithoutTrivia() + ")");
                arguments = arguments.WithArguments(arguments.Arguments.Replace(first, first.WithExpression(converted)));
            }

            ExpressionSyntax timer = SyntaxFactory.InvocationExpression(SyntaxFactory.ParseExpression(context + ".CreateTimer"), arguments);
            return sleep ? SyntaxFactory.AwaitExpression(timer) : timer;
        });
    }

    /// <summary>"System." unless the file imports System (every file that writes Task.Delay by simple name nearly always does).</summary>
    private static string TimeSpanPrefix(SemanticModel model) =>
        model.SyntaxTree.GetRoot() is CompilationUnitSyntax unit && unit.Usings.Any(u => u.Name?.ToString() == "System") ? string.Empty : "System.";
}
