using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Analyzers.Reachability;

/// <summary>
/// The compilation's methods as a graph, built lazily: a method's <see cref="MethodSummary"/> is computed the
/// first time a root reaches it and shared by every root after that. Safe for concurrent use.
/// </summary>
internal sealed class CallGraph
{
    private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly ConcurrentDictionary<ISymbol, ApiVerdict> _verdicts = new(SymbolEqualityComparer.Default);
    private readonly System.Lazy<ImplementationIndex> _implementations;
    private static readonly ApiVerdict Unknown = new(null, "unknown");

    public CallGraph(DurableSymbols symbols)
    {
        Symbols = symbols;
        _implementations = new System.Lazy<ImplementationIndex>(() => new ImplementationIndex(symbols.Compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DurableSymbols Symbols { get; }

    /// <summary>The method as graph nodes key it: the definition, unreduced, the implementing part of a partial.</summary>
    public static IMethodSymbol Normalize(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return method.PartialImplementationPart ?? method;
    }

    /// <summary>True when <paramref name="symbol"/> is declared in the compilation being analyzed.</summary>
    public bool IsInCompilation(ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Symbols.Compilation.Assembly);

    /// <summary>What <paramref name="method"/> does by itself, computed once.</summary>
    public MethodSummary GetSummary(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = Normalize(method);
        if (_summaries.TryGetValue(method, out var summary))
        {
            return summary;
        }

        summary = MethodSummaryBuilder.Build(this, method, cancellationToken);
        return _summaries.GetOrAdd(method, summary);
    }

    /// <summary>Every override and interface implementation of <paramref name="method"/> in the compilation.</summary>
    public IReadOnlyList<IMethodSymbol> GetImplementations(IMethodSymbol method) => _implementations.Value.Find(Normalize(method));

    /// <summary>The catalog's verdict on an API of another assembly, or null when it is not known to be deterministic.</summary>
    public ApiVerdict? GetExternalVerdict(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (!_verdicts.TryGetValue(member, out var verdict))
        {
            verdict = _verdicts.GetOrAdd(member, Lookup(member, Symbols) ?? Unknown);
        }

        return ReferenceEquals(verdict, Unknown) ? null : verdict;
    }

    /// <summary>The operation trees of the method's body (and, for a constructor, of the instance initializers).</summary>
    public IEnumerable<IOperation> GetBodies(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            if (node is BaseTypeDeclarationSyntax or ParameterSyntax)
            {
                continue;
            }

            if (GetModel(node.SyntaxTree).GetOperation(node, cancellationToken) is { } operation)
            {
                yield return operation;
            }
        }

        if (method.MethodKind != MethodKind.Constructor)
        {
            yield break;
        }

        foreach (var member in method.ContainingType.GetMembers())
        {
            if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol))
            {
                continue;
            }

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellationToken);
                SyntaxNode? initializer = node switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer,
                    PropertyDeclarationSyntax property => property.Initializer,
                    _ => null,
                };
                if (initializer is not null && GetModel(node.SyntaxTree).GetOperation(initializer, cancellationToken) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }

    private SemanticModel GetModel(SyntaxTree tree) =>
#pragma warning disable RS1030 // Callee bodies live in other trees than the symbol being analyzed; the driver offers no shared model for them, so models are created once per tree and cached here.
        _models.TryGetValue(tree, out var model) ? model : _models.GetOrAdd(tree, Symbols.Compilation.GetSemanticModel(tree));
#pragma warning restore RS1030

    private static ApiVerdict? Lookup(ISymbol member, DurableSymbols symbols)
    {
        if (member.ContainingType is not { } type)
        {
            return null;
        }

        if (symbols.IsException(type))
        {
            return ApiVerdict.Trusted;
        }

        var name = member is IMethodSymbol { AssociatedSymbol: IPropertySymbol property } ? property.Name : member.Name;
        var verdict = ApiCatalog.Default.Find(SymbolNames.Namespace(type), SymbolNames.TypeKey(type.OriginalDefinition), name);
        if (verdict is null && member is IMethodSymbol { OverriddenMethod: { } overridden } && overridden.ContainingType.SpecialType == SpecialType.System_Object)
        {
            return ApiVerdict.Trusted;
        }

        return verdict;
    }

    private sealed class ImplementationIndex
    {
        private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _map = new(SymbolEqualityComparer.Default);

        public ImplementationIndex(Compilation compilation)
        {
            var namespaces = new Stack<INamespaceOrTypeSymbol>();
            namespaces.Push(compilation.Assembly.GlobalNamespace);
            while (namespaces.Count > 0)
            {
                var current = namespaces.Pop();
                foreach (var type in current.GetTypeMembers())
                {
                    namespaces.Push(type);
                    Index(type);
                }

                if (current is INamespaceSymbol ns)
                {
                    foreach (var child in ns.GetNamespaceMembers())
                    {
                        namespaces.Push(child);
                    }
                }
            }
        }

        public IReadOnlyList<IMethodSymbol> Find(IMethodSymbol method) =>
            _map.TryGetValue(method, out var list) ? list : (IReadOnlyList<IMethodSymbol>)ImmutableArray<IMethodSymbol>.Empty;

        private void Index(INamedTypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Interface)
            {
                return;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol { IsAbstract: false } method)
                {
                    continue;
                }

                for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    Add(overridden, method);
                }

                foreach (var explicitImplementation in method.ExplicitInterfaceImplementations)
                {
                    Add(explicitImplementation, method);
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers())
                {
                    if (member is IMethodSymbol interfaceMethod
                        && type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol { IsAbstract: false } implementation
                        && SymbolEqualityComparer.Default.Equals(implementation.ContainingAssembly, type.ContainingAssembly))
                    {
                        Add(interfaceMethod, implementation);
                    }
                }
            }
        }

        private void Add(IMethodSymbol target, IMethodSymbol implementation)
        {
            target = target.OriginalDefinition;
            implementation = Normalize(implementation);
            if (!_map.TryGetValue(target, out var list))
            {
                _map.Add(target, list = new List<IMethodSymbol>());
            }

            if (!list.Contains(implementation, SymbolEqualityComparer.Default))
            {
                list.Add(implementation);
            }
        }
    }
}
