using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>
/// The code identity of a task: SHA-256 over the token stream (kind and text, no trivia) of the method's declaration
/// and, transitively, of every method, property, field and constructor it uses that is declared in the same
/// compilation, in ordinal order of their display strings. Whitespace and comments do not change it; a changed
/// constant, statement or callee does. The first 16 bytes, as lower hex, are the task's default version.
/// </summary>
internal static class CodeHasher
{
    public static string Compute(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, ISymbol>(StringComparer.Ordinal);
        var queue = new Queue<ISymbol>();
        Enqueue(method.OriginalDefinition, compilation, seen, queue);
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var symbol = queue.Dequeue();
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellationToken);
                var model = compilation.GetSemanticModel(node.SyntaxTree);
                foreach (var descendant in node.DescendantNodes())
                {
                    if (descendant is SimpleNameSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax)
                    {
                        var used = model.GetSymbolInfo(descendant, cancellationToken).Symbol;
                        if (used is not null)
                        {
                            Enqueue(used.OriginalDefinition, compilation, seen, queue);
                        }
                    }
                }
            }
        }

        var text = new StringBuilder();
        foreach (var pair in seen.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            text.Append(pair.Key).Append('\n');
            foreach (var reference in pair.Value.DeclaringSyntaxReferences.OrderBy(static r => r.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(static r => r.Span.Start))
            {
                foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
                {
                    text.Append(token.RawKind).Append(' ').Append(token.Text).Append('\n');
                }
            }
        }

        return Hashing.Sha256Hex16(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static void Enqueue(ISymbol symbol, Compilation compilation, Dictionary<string, ISymbol> seen, Queue<ISymbol> queue)
    {
        if (symbol is not (IMethodSymbol or IPropertySymbol or IFieldSymbol) || !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly)
            || symbol.DeclaringSyntaxReferences.IsEmpty || symbol.IsImplicitlyDeclared)
        {
            return;
        }

        var key = symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        if (!seen.ContainsKey(key))
        {
            seen.Add(key, symbol);
            queue.Enqueue(symbol);
        }
    }
}
