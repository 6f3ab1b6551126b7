using System.Collections.Immutable;
using System.Linq;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>
/// IPVM0011: formatting, parsing, casing and comparison that use the current culture. A call is reported when it
/// takes no <c>IFormatProvider</c>, <c>CultureInfo</c> or <c>StringComparison</c> while an overload that does exists
/// (the CA1304/CA1305/CA1309 family), and for interpolation and concatenation of numbers and dates into strings.
/// Fixed by passing <c>CultureInfo.InvariantCulture</c> or <c>StringComparison.Ordinal</c>.
/// </summary>
internal static class CultureRule
{
    public const string Verb = "depends on the current culture in";

    /// <summary>Property <c>Fix</c> on the diagnostic: which rewrite the code fix applies.</summary>
    public const string FixProperty = "CultureFix";

    public const string FixAppendCulture = "AppendCulture";
    public const string FixPrependCulture = "PrependCulture";
    public const string FixAppendOrdinal = "AppendOrdinal";
    public const string FixInvariantCasing = "InvariantCasing";
    public const string FixInterpolation = "Interpolation";

    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Culture, Verb, ImmutableArray.Create(
        "M:System.Globalization.CultureInfo.CurrentCulture",
        "M:System.Globalization.CultureInfo.CurrentUICulture",
        "M:System.Globalization.CultureInfo.DefaultThreadCurrentCulture",
        "M:System.Globalization.CultureInfo.DefaultThreadCurrentUICulture",
        "M:System.Globalization.NumberFormatInfo.CurrentInfo",
        "M:System.Globalization.DateTimeFormatInfo.CurrentInfo",
        "M:System.StringComparer.CurrentCulture",
        "M:System.StringComparer.CurrentCultureIgnoreCase",
        "M:System.StringComparer.InvariantCulture",
        "M:System.StringComparer.InvariantCultureIgnoreCase"));

    /// <summary>A description and the fix kind when <paramref name="invocation"/> formats, parses or compares with the current culture.</summary>
    public static (string Description, string Fix)? Check(IInvocationOperation invocation, DurableSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null || HasCultureParameter(method, symbols))
        {
            return null;
        }

        string? fix = null;
        if (type.SpecialType == SpecialType.System_String)
        {
            fix = method.Name switch
            {
                "Compare" when method.Parameters.Length == 2 => FixAppendOrdinal,
                "Compare" or "CompareTo" => string.Empty,
                "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf" when method.Parameters.Length > 0
                    && method.Parameters[0].Type.SpecialType == SpecialType.System_String => FixAppendOrdinal,
                "ToUpper" or "ToLower" => FixInvariantCasing,
                "Format" => FixPrependCulture,
                _ => null,
            };
        }
        else if (method.Name is "ToString" or "Parse" or "TryParse" || type.Name == "Convert" || method.Name == "AppendFormat")
        {
            if (IsInvariant(type, method.Name))
            {
                return null;
            }

            if (HasOverloadWithCulture(type, method.Name, symbols))
            {
                fix = method.Name switch
                {
                    "AppendFormat" => FixPrependCulture,
                    "ToString" or "Parse" when !method.IsStatic || method.Name == "Parse" => FixAppendCulture,
                    _ => null,
                };
                fix ??= string.Empty;
            }
        }

        return fix is null ? null : (Verb + " '" + SymbolNames.Api(method) + "'", fix);
    }

    /// <summary>A description when an interpolated string formats numbers or dates with the current culture.</summary>
    public static string? CheckInterpolation(IInterpolatedStringOperation interpolation)
    {
        if (interpolation.Parent is IInterpolatedStringHandlerCreationOperation
            || (interpolation.Parent is IConversionOperation conversion && conversion.Type?.SpecialType != SpecialType.System_String)
            || interpolation.Type?.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        foreach (var part in interpolation.Parts)
        {
            if (part is IInterpolationOperation hole && Unconverted(hole.Expression).Type is { } type && IsCultureSensitive(type))
            {
                return Verb + " an interpolated string that formats '" + SymbolNames.Type(type) + "'";
            }
        }

        return null;
    }

    /// <summary>A description when <c>+</c> concatenates a number or date into a string.</summary>
    public static string? CheckConcatenation(IBinaryOperation binary)
    {
        if (binary.OperatorKind != BinaryOperatorKind.Add || binary.Type?.SpecialType != SpecialType.System_String || binary.OperatorMethod is not null)
        {
            return null;
        }

        foreach (var operand in new[] { binary.LeftOperand, binary.RightOperand })
        {
            if (Unconverted(operand).Type is { } type && IsCultureSensitive(type))
            {
                return Verb + " a concatenation that formats '" + SymbolNames.Type(type) + "'";
            }
        }

        return null;
    }

    private static IOperation Unconverted(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : operation;

    private static bool IsCultureSensitive(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
                return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, Name: "Nullable" } nullable)
        {
            return IsCultureSensitive(nullable.TypeArguments[0]);
        }

        return type.Name is "DateTimeOffset" or "DateOnly" or "TimeOnly" or "Half" or "Int128" or "UInt128" or "BigInteger"
            && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Numerics";
    }

    /// <summary>Types whose formatting and parsing ignore the culture although they accept a provider (TimeSpan only formats invariantly).</summary>
    private static bool IsInvariant(INamedTypeSymbol type, string method) =>
        type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_String or SpecialType.System_Enum or SpecialType.System_Object
        || type.TypeKind == TypeKind.Enum
        || (type.ContainingNamespace?.ToDisplayString() == "System" && (type.Name is "Guid" or "Version" || (type.Name == "TimeSpan" && method == "ToString")));

    private static bool HasOverloadWithCulture(INamedTypeSymbol type, string name, DurableSymbols symbols) =>
        type.GetMembers(name).OfType<IMethodSymbol>().Any(m => HasCultureParameter(m, symbols));

    private static bool HasCultureParameter(IMethodSymbol method, DurableSymbols symbols) =>
        method.Parameters.Any(p =>
            SymbolEqualityComparer.Default.Equals(p.Type, symbols.FormatProvider)
            || SymbolEqualityComparer.Default.Equals(p.Type, symbols.CultureInfo)
            || SymbolEqualityComparer.Default.Equals(p.Type, symbols.StringComparison));
}
