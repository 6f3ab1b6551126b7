using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Finds the constructor a <c>new T(...)</c> calls without binding the code around it, where the names declared in the
/// compilation's source settle it; built once per compilation and shared by every code hash computed on it. Binding
/// one expression of a body binds its whole statement, so a task body whose only followed names are the types it
/// creates (<c>Task.FromResult(new Item(sku, new List&lt;string&gt;()))</c>) is then not bound at all.
/// </summary>
/// <remarks>
/// A <c>new T(...)</c> whose <c>T</c> is neither the name of a class, struct, record, interface or enum declared in
/// source nor an alias calls no constructor the hash follows (exact: a delegate's constructor is implicit, and the hash
/// never follows implicit members). When exactly one source type bears the name and
/// arity and exactly one of its instance constructors takes that many arguments, that is the one (overload resolution
/// can pick no other, or fails). This over-approximates only where the name means something else at that place (a type
/// parameter, or a referenced assembly's type of that name nearer in scope): then the hash also follows that source
/// constructor, so editing it moves the version too. Anything else (<c>new(...)</c>, an alias, a keyword type, two
/// candidates) is bound as before.
/// </remarks>
internal sealed class SourceConstructors
{
    private static readonly ConditionalWeakTable<Compilation, SourceConstructors> PerCompilation = new();

    private readonly Compilation _compilation;
    private readonly Dictionary<string, List<BaseTypeDeclarationSyntax>> _typesByName;
    private readonly HashSet<string> _aliases;
    private readonly ConcurrentDictionary<(string Name, int Arity), INamedTypeSymbol?> _resolved = new();

    private SourceConstructors(Compilation compilation, Dictionary<string, List<BaseTypeDeclarationSyntax>> typesByName, HashSet<string> aliases) =>
        (_compilation, _typesByName, _aliases) = (compilation, typesByName, aliases);

    public static SourceConstructors Of(Compilation compilation) => PerCompilation.GetValue(compilation, static c => Collect(c));

    /// <summary>
    /// Whether the constructor <paramref name="creation"/> calls is known without binding: then
    /// <paramref name="constructor"/> is it, or null when no constructor declared in source can be the one.
    /// </summary>
    public bool TryFind(ObjectCreationExpressionSyntax creation, out IMethodSymbol? constructor)
    {
        constructor = null;
        var (name, arity) = creation.Type switch
        {
            SimpleNameSyntax simple => (simple.Identifier.ValueText, Arity(simple)),
            QualifiedNameSyntax qualified => (qualified.Right.Identifier.ValueText, Arity(qualified.Right)),
            AliasQualifiedNameSyntax alias => (alias.Name.Identifier.ValueText, Arity(alias.Name)),
            _ => (string.Empty, 0),
        };
        if (name.Length == 0 || _aliases.Contains(name))
        {
            return false;
        }

        if (!_typesByName.ContainsKey(name))
        {
            return true;
        }

        if (_resolved.GetOrAdd((name, arity), key => Resolve(key.Name, key.Arity)) is not { } type)
        {
            return false;
        }

        var arguments = creation.ArgumentList?.Arguments.Count ?? 0;
        var candidates = type.InstanceConstructors.Where(c => MayTake(c, arguments)).Take(2).ToList();
        if (candidates.Count != 1)
        {
            return false;
        }

        constructor = candidates[0];
        return true;
    }

    private static int Arity(SimpleNameSyntax name) => name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0;

    /// <summary>Whether a call with <paramref name="arguments"/> arguments may be applicable, by their number alone.</summary>
    private static bool MayTake(IMethodSymbol constructor, int arguments)
    {
        var parameters = constructor.Parameters;
        var required = parameters.Count(static p => !p.IsOptional && !p.IsParams);
        var unbounded = parameters.Length > 0 && parameters[parameters.Length - 1].IsParams;
        return arguments >= required && (unbounded || arguments <= parameters.Length);
    }

    /// <summary>The one source type of this name and arity, or null when there are none or several.</summary>
    private INamedTypeSymbol? Resolve(string name, int arity)
    {
        INamedTypeSymbol? found = null;
        foreach (var declaration in _typesByName[name])
        {
            var declaredArity = declaration is TypeDeclarationSyntax { TypeParameterList: { } list } ? list.Parameters.Count : 0;
            if (declaredArity != arity)
            {
                continue;
            }

            if (_compilation.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration) is not INamedTypeSymbol type
                || found is not null && !SymbolEqualityComparer.Default.Equals(found, type))
            {
                return null; // two types of one name (partial declarations are one)
            }

            found = type;
        }

        return found;
    }

    private static SourceConstructors Collect(Compilation compilation)
    {
        var types = new Dictionary<string, List<BaseTypeDeclarationSyntax>>(StringComparer.Ordinal);
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax))
            {
                switch (node)
                {
                    case UsingDirectiveSyntax { Alias: { } alias }:
                        aliases.Add(alias.Name.Identifier.ValueText);
                        break;
                    case BaseTypeDeclarationSyntax type:
                        if (!types.TryGetValue(type.Identifier.ValueText, out var list))
                        {
                            types.Add(type.Identifier.ValueText, list = new List<BaseTypeDeclarationSyntax>());
                        }

                        list.Add(type);
                        break;
                }
            }
        }

        return new SourceConstructors(compilation, types, aliases);
    }
}
