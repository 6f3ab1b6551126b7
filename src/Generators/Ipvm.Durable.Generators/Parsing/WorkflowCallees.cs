using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>
/// What a workflow's body may use from its own compilation, found by name rather than by binding: every member
/// declared in the compilation whose name the body mentions (only the qualifier type's members when the qualifier
/// names a type of the compilation), and the constructors of the types it creates with <c>new T(...)</c>.
/// </summary>
/// <remarks>
/// This over-approximates, never under: a member that merely shares a name with one the workflow uses joins its hash,
/// so editing it moves the workflow's version too. Names the workflow declares itself (parameters, locals) and the
/// members of its context (<c>ctx.Call{Task}Async</c>, timers, events) are not looked up.
/// </remarks>
internal static class WorkflowCallees
{
    public static IEnumerable<ISymbol> Find(MethodDeclarationSyntax workflow, Compilation compilation)
    {
        var context = workflow.ParameterList.Parameters.FirstOrDefault()?.Identifier.ValueText;
        var declared = new HashSet<string>(workflow.ParameterList.Parameters.Select(static p => p.Identifier.ValueText), StringComparer.Ordinal);
        SyntaxNode? body = (SyntaxNode?)workflow.Body ?? workflow.ExpressionBody;
        if (body is null)
        {
            yield break;
        }

        foreach (var node in body.DescendantNodes())
        {
            var token = node switch
            {
                VariableDeclaratorSyntax v => v.Identifier,
                ParameterSyntax p => p.Identifier,
                SingleVariableDesignationSyntax d => d.Identifier,
                ForEachStatementSyntax f => f.Identifier,
                CatchDeclarationSyntax c => c.Identifier,
                LocalFunctionStatementSyntax l => l.Identifier,
                _ => default,
            };
            if (token.ValueText.Length > 0)
            {
                declared.Add(token.ValueText);
            }
        }

        var members = new Dictionary<string, ISymbol[]>(StringComparer.Ordinal);
        foreach (var node in body.DescendantNodes(static n => n is not AttributeListSyntax))
        {
            if (node is ObjectCreationExpressionSyntax { Type: var type })
            {
                var typeName = LastIdentifier(type);
                var types = typeName.Length == 0 ? Enumerable.Empty<ISymbol>() : compilation.GetSymbolsWithName(typeName, SymbolFilter.Type);
                foreach (var created in types.OfType<INamedTypeSymbol>())
                {
                    foreach (var constructor in created.InstanceConstructors)
                    {
                        yield return constructor;
                    }
                }

                continue;
            }

            if (node is not SimpleNameSyntax name || SyntaxFacts.IsInTypeOnlyContext(name))
            {
                continue;
            }

            var qualifier = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access.Expression : null;
            var text = name.Identifier.ValueText;
            if (qualifier is null && declared.Contains(text) || qualifier is IdentifierNameSyntax target && target.Identifier.ValueText == context)
            {
                continue;
            }

            if (!members.TryGetValue(text, out var candidates))
            {
                candidates = compilation.GetSymbolsWithName(text, SymbolFilter.Member).ToArray();
                members.Add(text, candidates);
            }

            // Qualified by a type of this compilation: that type's members only. Otherwise every member of the name.
            var owner = qualifier is NameSyntax or MemberAccessExpressionSyntax ? LastIdentifier(qualifier) : null;
            var owned = owner is null ? Array.Empty<ISymbol>() : candidates.Where(c => c.ContainingType?.Name == owner).ToArray();
            foreach (var candidate in owned.Length > 0 ? owned : candidates)
            {
                yield return candidate;
            }
        }
    }

    private static string LastIdentifier(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => string.Empty,
    };
}
