using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>
/// IPVM0011: passes the culture explicitly. <c>ToString()</c>/<c>Parse</c> get <c>CultureInfo.InvariantCulture</c> last,
/// <c>string.Format</c>/<c>AppendFormat</c> first; comparisons get <c>StringComparison.Ordinal</c>; <c>ToUpper</c>/<c>ToLower</c>
/// become their invariant forms; interpolated strings are wrapped in <c>string.Create(CultureInfo.InvariantCulture, ...)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CultureFixer)), Shared]
public sealed class CultureFixer : DurableCodeFixProvider
{
    private const string Invariant = "CultureInfo.InvariantCulture";
    private const string Globalization = "System.Globalization";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.Culture);

    /// <inheritdoc/>
    protected override string Title => "Use the invariant culture or an ordinal comparison";

    /// <inheritdoc/>
    protected override CodeFix? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue("CultureFix", out var kind) || DiagnosticNodes.Find(root, diagnostic) is not { } node)
        {
            return null;
        }

        switch (kind)
        {
            case "AppendCulture" when node is InvocationExpressionSyntax:
                return new CodeFix(node, current => Append((InvocationExpressionSyntax)current, Invariant, last: true), requiredUsing: Globalization);
            case "PrependCulture" when node is InvocationExpressionSyntax:
                return new CodeFix(node, current => Append((InvocationExpressionSyntax)current, Invariant, last: false), requiredUsing: Globalization);
            case "AppendOrdinal" when node is InvocationExpressionSyntax:
                return new CodeFix(node, current => Append((InvocationExpressionSyntax)current, "StringComparison.Ordinal", last: true));
            case "InvariantCasing" when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }:
                return new CodeFix(node, current =>
                {
                    var invocation = (InvocationExpressionSyntax)current;
                    var access = (MemberAccessExpressionSyntax)invocation.Expression;
                    return invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName(access.Name.Identifier.Text + "Invariant")));
                });
            case "Interpolation" when node is InterpolatedStringExpressionSyntax:
                return new CodeFix(
                    node,
                    current => SyntaxFactory.InvocationExpression(
                        SyntaxFactory.ParseExpression("string.Create"),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                        {
                            SyntaxFactory.Argument(SyntaxFactory.ParseExpression(Invariant)),
                            SyntaxFactory.Argument((ExpressionSyntax)current.WithoutTrivia()),
                        }))),
                    requiredUsing: Globalization);
            default:
                return null;
        }
    }

    private static InvocationExpressionSyntax Append(InvocationExpressionSyntax invocation, string argument, bool last)
    {
        var added = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(argument));
        var arguments = invocation.ArgumentList.Arguments;
        return invocation.WithArgumentList(invocation.ArgumentList.WithArguments(last ? arguments.Add(added) : arguments.Insert(0, added)));
    }
}
