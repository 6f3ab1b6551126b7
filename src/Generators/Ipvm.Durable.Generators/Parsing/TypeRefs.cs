using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators;

/// <summary>
/// The <see cref="TypeRef"/> of each type met while reading tasks and workflows, formatted once per compilation and
/// shared by every transform on it: a record used by several tasks, its property types and the element types of its
/// lists were otherwise formatted again for each task, and for each of its parameters and returns twice (to collect
/// its codecs, then for the spec).
/// </summary>
/// <remarks>
/// Keyed with nullability, as <see cref="TypeRef.IsNullableReference"/> depends on it. Roslyn hands out a new
/// <see cref="ITypeSymbol"/> for an annotated type on each request, so the key is by symbol equality, not identity.
/// </remarks>
internal sealed class TypeRefs
{
    private static readonly ConditionalWeakTable<Compilation, TypeRefs> PerCompilation = new();

    private readonly ConcurrentDictionary<ITypeSymbol, TypeRef> _refs = new(SymbolEqualityComparer.IncludeNullability);

    public static TypeRefs Of(Compilation compilation) => PerCompilation.GetValue(compilation, static _ => new TypeRefs());

    public TypeRef this[ITypeSymbol type] => _refs.GetOrAdd(type, static t => TypeParser.Ref(t));
}
