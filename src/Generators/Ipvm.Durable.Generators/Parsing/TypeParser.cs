using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Decides how a parameter or return type is encoded: by a built-in codec, by codecs the generator writes (collected
/// transitively, element and property types included), or not at all (then the reason is returned for IPVM2001).
/// </summary>
internal static class TypeParser
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static TypeRef Ref(ITypeSymbol type) =>
        new(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified),
            type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated);

    /// <summary>Adds the codecs <paramref name="type"/> needs to <paramref name="codecs"/>; returns why it cannot be encoded, or null.</summary>
    public static string? Collect(ITypeSymbol type, Dictionary<string, CodecSpec> codecs, TypeRefs refs) => Collect(type, codecs, new HashSet<string>(StringComparer.Ordinal), refs);

    private static string? Collect(ITypeSymbol type, Dictionary<string, CodecSpec> codecs, HashSet<string> visiting, TypeRefs refs)
    {
        if (IsBuiltIn(type))
        {
            return null;
        }

        var typeRef = refs[type];
        var name = typeRef.FullName;
        if (codecs.ContainsKey(name) || !visiting.Add(name))
        {
            return null;
        }

        switch (type)
        {
            case IArrayTypeSymbol array when array.Rank == 1:
                return Add(codecs, visiting, new CodecSpec(typeRef, CodecKind.Array, refs[array.ElementType], EquatableArray<MemberSpec>.Empty, false), array.ElementType, refs);
            case INamedTypeSymbol named:
                return CollectNamed(named, typeRef, codecs, visiting, refs);
            case ITypeParameterSymbol:
                return "a type parameter has no codec known at compile time";
            default:
                return "only primitives, strings, byte arrays, arrays, lists, dictionaries with string keys, enums, Cid, IpldValue and records or classes with public properties are supported";
        }
    }

    private static string? CollectNamed(INamedTypeSymbol named, TypeRef typeRef, Dictionary<string, CodecSpec> codecs, HashSet<string> visiting, TypeRefs refs)
    {
        switch (named.SpecialType)
        {
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
                codecs[typeRef.FullName] = new CodecSpec(typeRef, CodecKind.Primitive, null, EquatableArray<MemberSpec>.Empty, false);
                return null;
            case SpecialType.System_Object:
                return "object carries no static type to encode; use IpldValue for untyped data";
            case SpecialType.System_Decimal:
            case SpecialType.System_Char:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
                return "IPLD has no faithful form for it; convert it to a string, an integer or a double";
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            var names = named.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
                .Select(f => new MemberSpec(f.Name, f.Name, null, -1));
            codecs[typeRef.FullName] = new CodecSpec(typeRef, CodecKind.Enum, null, names.ToEquatableArray(), false);
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return Add(codecs, visiting, new CodecSpec(typeRef, CodecKind.Nullable, refs[named.TypeArguments[0]], EquatableArray<MemberSpec>.Empty, false), named.TypeArguments[0], refs);
        }

        if (named.IsGenericType)
        {
            var definition = named.ConstructedFrom.ToDisplayString();
            var args = named.TypeArguments;
            switch (definition)
            {
                case "System.ReadOnlyMemory<T>" when args[0].SpecialType == SpecialType.System_Byte:
                    codecs[typeRef.FullName] = new CodecSpec(typeRef, CodecKind.ReadOnlyMemoryOfByte, null, EquatableArray<MemberSpec>.Empty, false);
                    return null;
                case "System.Collections.Generic.List<T>":
                    return Add(codecs, visiting, new CodecSpec(typeRef, CodecKind.List, refs[args[0]], EquatableArray<MemberSpec>.Empty, false), args[0], refs);
                case "System.Collections.Generic.IReadOnlyList<T>":
                case "System.Collections.Generic.IEnumerable<T>":
                case "System.Collections.Generic.IReadOnlyCollection<T>":
                    return Add(codecs, visiting, new CodecSpec(typeRef, CodecKind.ReadOnlyList, refs[args[0]], EquatableArray<MemberSpec>.Empty, false), args[0], refs);
                case "System.Collections.Generic.Dictionary<TKey, TValue>" when args[0].SpecialType == SpecialType.System_String:
                    return Add(codecs, visiting, new CodecSpec(typeRef, CodecKind.Dictionary, refs[args[1]], EquatableArray<MemberSpec>.Empty, false), args[1], refs);
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>" when args[0].SpecialType == SpecialType.System_String:
                    return Add(codecs, visiting, new CodecSpec(typeRef, CodecKind.ReadOnlyDictionary, refs[args[1]], EquatableArray<MemberSpec>.Empty, false), args[1], refs);
                case "System.Collections.Generic.Dictionary<TKey, TValue>":
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                    return "IPLD map keys are strings; use Dictionary<string, T>";
                default:
                    if (named.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true)
                    {
                        return "this generic framework type has no IPLD form; use an array, List<T> or Dictionary<string, T>";
                    }

                    break;
            }
        }

        return CollectObject(named, typeRef, codecs, visiting, refs);
    }

    private static string? CollectObject(INamedTypeSymbol named, TypeRef typeRef, Dictionary<string, CodecSpec> codecs, HashSet<string> visiting, TypeRefs refs)
    {
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || named.IsAbstract || named.IsStatic || named.IsGenericType
            || named.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true)
        {
            return "only records, classes and structs with public properties (not interfaces, abstract, generic or framework types) get a generated codec";
        }

        if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
        {
            return "the type must be public or internal for generated code to read and write it";
        }

        var properties = new List<IPropertySymbol>();
        for (var t = named; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var p in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (!p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public && p.GetMethod is not null
                    && !(named.IsRecord && p.Name == "EqualityContract") && properties.All(q => q.Name != p.Name))
                {
                    properties.Add(p);
                }
            }
        }

        // Prefer the constructor whose parameters name every property (a record's primary constructor).
        var constructor = named.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal && c.Parameters.Length > 0
                && c.Parameters.All(a => properties.Any(p => string.Equals(p.Name, a.Name, StringComparison.OrdinalIgnoreCase))))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var hasDefault = named.TypeKind == TypeKind.Struct || named.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal);
        if (constructor is null && !hasDefault)
        {
            return "it needs a public parameterless constructor or one whose parameters match its properties";
        }

        var members = new List<MemberSpec>();
        foreach (var p in properties)
        {
            var index = constructor?.Parameters.IndexOf(constructor.Parameters.FirstOrDefault(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase))!) ?? -1;
            if (index < 0 && (p.SetMethod is null || p.SetMethod.DeclaredAccessibility != Accessibility.Public))
            {
                continue; // computed or read-only: written, never read back.
            }

            members.Add(new MemberSpec(p.Name, KeyOf(p), refs[p.Type], index));
        }

        members.Sort(static (a, b) => CompareDagCbor(a.Key, b.Key));
        codecs[typeRef.FullName] = new CodecSpec(typeRef, CodecKind.Object, null, members.ToEquatableArray(), constructor is not null);
        foreach (var p in properties)
        {
            var reason = Collect(p.Type, codecs, visiting, refs);
            if (reason is not null)
            {
                codecs.Remove(typeRef.FullName);
                return $"its property '{p.Name}' of type '{p.Type.ToDisplayString()}' cannot be encoded: {reason}";
            }
        }

        return null;
    }

    private static string KeyOf(IPropertySymbol property)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyNameAttribute"
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string key)
            {
                return key;
            }
        }

        return property.Name;
    }

    private static string? Add(Dictionary<string, CodecSpec> codecs, HashSet<string> visiting, CodecSpec spec, ITypeSymbol element, TypeRefs refs)
    {
        codecs[spec.Type.FullName] = spec;
        var reason = Collect(element, codecs, visiting, refs);
        if (reason is not null)
        {
            codecs.Remove(spec.Type.FullName);
            return $"its element type '{element.ToDisplayString()}' cannot be encoded: {reason}";
        }

        return null;
    }

    private static bool IsBuiltIn(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Boolean:
            case SpecialType.System_Int64:
            case SpecialType.System_Int32:
            case SpecialType.System_Double:
                return true;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return true;
        }

        // Only these two names can display as one of the two; the display string is costly.
        return type.Name is "Cid" or "IpldValue" && type.OriginalDefinition.ToDisplayString() is "Ipvm.Durable.Ipld.Cid" or "Ipvm.Durable.Ipld.IpldValue";
    }

    /// <summary>DAG-CBOR key order: shorter UTF-8 first, then bytewise (ordinal on UTF-16 is bytewise for the BMP outside surrogates).</summary>
    public static int CompareDagCbor(string left, string right)
    {
        var byLength = System.Text.Encoding.UTF8.GetByteCount(left).CompareTo(System.Text.Encoding.UTF8.GetByteCount(right));
        return byLength != 0 ? byLength : string.CompareOrdinal(left, right);
    }
}
