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
/// The code identity of a task or workflow: SHA-256 over the token stream (kind and text, no trivia) of the method's
/// declaration and, transitively, of every method, property, field and constructor it uses that is declared in the
/// same compilation, in ordinal order of their display strings. Whitespace and comments do not change it; a changed
/// constant, statement or callee does. The first 16 bytes, as lower hex, are the default version.
/// </summary>
/// <remarks>
/// Callees are found by binding (one semantic model per syntax tree within a hash, without nullable analysis:
/// <see cref="CalleeModels"/>; names in type-only positions skipped, and only names that some member declared in the
/// compilation bears: <see cref="SourceMemberNames"/>; constructors by the created type's name where that settles it:
/// <see cref="SourceConstructors"/>),
/// except in a workflow's own body, which is read by name (<see cref="WorkflowCallees"/>): binding it would resolve
/// its <c>Call{Task}Async</c> stubs, which do not exist yet in the generator's input, and each failed lookup searches
/// every imported namespace for an extension method.
/// </remarks>
internal static class CodeHasher
{
    /// <summary>The hash of a task (<paramref name="workflow"/> false) or workflow method.</summary>
    public static string Compute(IMethodSymbol method, Compilation compilation, bool workflow, CancellationToken cancellationToken)
    {
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var seen = new Dictionary<string, ISymbol>(StringComparer.Ordinal);
        var queue = new Queue<ISymbol>();
        var root = method.OriginalDefinition;
        Enqueue(root, compilation, seen, queue);
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var symbol = queue.Dequeue();
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellationToken);
                if (workflow && ReferenceEquals(symbol, root) && node is MethodDeclarationSyntax declaration)
                {
                    foreach (var used in WorkflowCallees.Find(declaration, compilation))
                    {
                        Enqueue(used.OriginalDefinition, compilation, seen, queue);
                    }

                    continue;
                }

                if (!models.TryGetValue(node.SyntaxTree, out var treeModel))
                {
                    treeModel = CalleeModels.For(compilation, node.SyntaxTree);
                    models.Add(node.SyntaxTree, treeModel);
                }

                foreach (var used in BoundCallees(node, treeModel, cancellationToken))
                {
                    Enqueue(used.OriginalDefinition, compilation, seen, queue);
                }
            }
        }

        return Hash(seen, cancellationToken);
    }

    /// <summary>
    /// What the code under <paramref name="node"/> refers to, as bound; names in attributes and in type-only positions
    /// are not bound, nor are names that no member of the compilation bears (<see cref="SourceMemberNames"/>): binding
    /// those cannot find a callee. The constructor of a <c>new T(...)</c> is found by name where the source's type
    /// declarations settle it (<see cref="SourceConstructors"/>). A body with no other name is not bound at all.
    /// </summary>
    private static IEnumerable<ISymbol> BoundCallees(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var memberNames = SourceMemberNames.Of(model.Compilation);
        var constructors = SourceConstructors.Of(model.Compilation);
        HashSet<string>? localFunctions = null;
        var everything = false;
        foreach (var descendant in node.DescendantNodes(static n => n is not AttributeListSyntax))
        {
            if (descendant is LocalFunctionStatementSyntax local)
            {
                (localFunctions ??= new HashSet<string>(StringComparer.Ordinal)).Add(local.Identifier.ValueText);
            }
            else if (descendant is AnonymousObjectCreationExpressionSyntax)
            {
                everything = true; // its properties are the compilation's own symbols with names of no declared member
            }
        }

        foreach (var descendant in node.DescendantNodes(static n => n is not AttributeListSyntax))
        {
            if (descendant is ObjectCreationExpressionSyntax creation && constructors.TryFind(creation, out var constructor))
            {
                if (constructor is not null)
                {
                    yield return constructor;
                }

                continue;
            }

            var bind = descendant switch
            {
                SimpleNameSyntax name => !SyntaxFacts.IsInTypeOnlyContext(name)
                    && (everything || localFunctions?.Contains(name.Identifier.ValueText) == true || memberNames.MayBind(name.Identifier.ValueText)),
                BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax => true,
                _ => false,
            };
            if (bind && model.GetSymbolInfo(descendant, cancellationToken).Symbol is { } used)
            {
                yield return used;
            }
        }
    }

    private static string Hash(Dictionary<string, ISymbol> seen, CancellationToken cancellationToken)
    {
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
