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
/// Each source type's <see cref="INamedTypeSymbol.MemberNames"/> comes from the compilation's declaration table without
/// binding; it does not list the properties a record's parameter list declares, which are added from the record's
/// syntax. <see cref="Compilation.ContainsSymbolsWithName(string, SymbolFilter, CancellationToken)"/> answers the same
/// question (with the same gap) but walks every declaration of the compilation on each call.
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
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            var container = pending.Pop();
            if (container is INamedTypeSymbol type)
            {
                names.UnionWith(type.MemberNames);
                declaresValueTuple |= type.Name == "ValueTuple";
                if (type.IsRecord)
                {
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax() is RecordDeclarationSyntax { ParameterList: { } parameters })
                        {
                            foreach (var parameter in parameters.Parameters)
                            {
                                names.Add(parameter.Identifier.ValueText);
                            }
                        }
                    }
                }

                foreach (var nested in type.GetTypeMembers())
                {
                    pending.Push(nested);
                }
            }
            else
            {
                foreach (var member in ((INamespaceSymbol)container).GetMembers())
                {
                    pending.Push(member);
                }
            }
        }

        return new SourceMemberNames(names, declaresValueTuple);
    }
}
