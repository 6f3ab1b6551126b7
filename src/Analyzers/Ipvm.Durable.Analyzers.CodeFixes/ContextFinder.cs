using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>Finds a WorkflowContext in reach of a node: a parameter of the enclosing lambda, local function or method.</summary>
internal static class ContextFinder
{
    /// <summary>The name of the nearest WorkflowContext parameter, or null when there is none.</summary>
    public static string? Find(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var contextType = model.Compilation.GetTypeByMetadataName("Ipvm.Durable.WorkflowContext");
        if (contextType is null)
        {
            return null;
        }

        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            var symbol = current switch
            {
                AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
                LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax => model.GetDeclaredSymbol(current, cancellationToken) as IMethodSymbol,
                _ => null,
            };
            if (symbol is null)
            {
                continue;
            }

            foreach (var parameter in symbol.Parameters)
            {
                for (var type = parameter.Type; type is not null; type = type.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, contextType))
                    {
                        return parameter.Name;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>True when the nearest enclosing function (lambda, local function or method) is async.</summary>
    public static bool InAsyncFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax method:
                    return method.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsyncKeyword);
                case AccessorDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
