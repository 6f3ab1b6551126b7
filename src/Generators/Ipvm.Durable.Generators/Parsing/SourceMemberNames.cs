using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>
/// The names of the members declared in a compilation's source, built once per compilation and shared by every code
/// hash computed on it. A simple name binds to a member of its own name, so a name outside this set binds to a local,
/// a parameter, a type, a namespace or a member of a referenced assembly, none of which a hash follows, and need not
/// be bound.
/// </summary>
/// <remarks>
/// Read from the syntax of each tree's namespaces and type declarations, never from a member's body: the name of every
/// method, property, event, field and enum member, and the parameters of a record's parameter list (its positional
/// properties). Members the compiler declares implicitly (a record's <c>Equals</c>, a delegate's <c>Invoke</c>) are
/// left out, as the hash never follows them. Walking the symbols instead (each type's
/// <see cref="INamedTypeSymbol.MemberNames"/>) creates a symbol for every source type and cost about ten times as much
/// in the 200-class benchmark; <see cref="Compilation.ContainsSymbolsWithName(string, SymbolFilter, CancellationToken)"/>
/// walks every declaration on each call.
/// </remarks>
internal sealed class SourceMemberNames
{
    private static readonly ConditionalWeakTable<Compilation, SourceMemberNames> PerCompilation = new();

    private readonly HashSet<string> _names;

    // A System.ValueTuple declared in source makes named tuple elements its own members, under names no declaration
    // bears: then every name may bind to a source member.
    private readonly bool _declaresValueTuple;

    private SourceMemberNames(HashSet<string> names, bool declaresValueTuple) => (_names, _declaresValueTuple) = (names, declaresValueTuple);

    public static SourceMemberNames Of(Compilation compilation) => PerCompilation.GetValue(compilation, static c => Collect(c));

    /// <summary>Whether a simple name of this text may bind to a method, property or field declared in the compilation's source.</summary>
    public bool MayBind(string name) => _declaresValueTuple || _names.Contains(name);

    private static SourceMemberNames Collect(Compilation compilation)
    {
        var declaresValueTuple = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax))
            {
                switch (node)
                {
                    case MethodDeclarationSyntax method:
                        names.Add(method.Identifier.ValueText);
                        break;
                    case PropertyDeclarationSyntax property:
                        names.Add(property.Identifier.ValueText);
                        break;
                    case EventDeclarationSyntax @event:
                        names.Add(@event.Identifier.ValueText);
                        break;
                    case BaseFieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            names.Add(variable.Identifier.ValueText);
                        }

                        break;
                    case EnumMemberDeclarationSyntax member:
                        names.Add(member.Identifier.ValueText);
                        break;
                    case BaseTypeDeclarationSyntax type:
                        declaresValueTuple |= type.Identifier.ValueText == "ValueTuple";
                        if (type is RecordDeclarationSyntax { ParameterList: { } parameters })
                        {
                            foreach (var parameter in parameters.Parameters)
                            {
                                names.Add(parameter.Identifier.ValueText);
                            }
                        }

                        break;
                }
            }
        }

        return new SourceMemberNames(names, declaresValueTuple);
    }
}
