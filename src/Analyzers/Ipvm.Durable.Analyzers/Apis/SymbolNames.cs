using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Apis;

/// <summary>Names of symbols as the catalog keys them and as messages show them.</summary>
internal static class SymbolNames
{
    private static readonly SymbolDisplayFormat TypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>The namespace of <paramref name="type"/>, dotted, empty for the global namespace.</summary>
    public static string Namespace(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString();
    }

    /// <summary>The type's name with its containing types and without arity: <c>Environment.SpecialFolder</c>, <c>List</c>.</summary>
    public static string TypeKey(INamedTypeSymbol type) =>
        type.ContainingType is null ? type.Name : TypeKey(type.ContainingType) + "." + type.Name;

    /// <summary>The type as a reader writes it: <c>DateTime</c>, <c>int</c>, <c>List&lt;T&gt;</c>.</summary>
    public static string Type(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    /// <summary>A member as messages show it: <c>DateTime.UtcNow</c>, <c>Guid.NewGuid()</c>, <c>new Random()</c>.</summary>
    public static string Api(ISymbol member)
    {
        var type = member.ContainingType is null ? string.Empty : Type(member.ContainingType);
        return member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor } => "new " + type + "()",
            IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet, AssociatedSymbol: { } property } => type + "." + property.Name,
            IMethodSymbol method => type + "." + method.Name + "()",
            IPropertySymbol { IsIndexer: true } => type + "[]",
            _ => type + "." + member.Name,
        };
    }

    /// <summary>A method of the user's code as a call path shows it: <c>Pricing.Quote</c>, <c>Clock.Now</c> for an accessor.</summary>
    public static string Method(IMethodSymbol method)
    {
        var type = method.ContainingType is null ? string.Empty : Type(method.ContainingType) + ".";
        return method switch
        {
            { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => "new " + Type(method.ContainingType!),
            { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet, AssociatedSymbol: IPropertySymbol { IsIndexer: true } } => type + "this[]",
            { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet, AssociatedSymbol: { } property } => type + property.Name,
            _ => type + method.Name,
        };
    }
}
