using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>
/// IPVM0010: hash-seed dependent values. <c>string.GetHashCode</c> and <c>System.HashCode</c> are randomized per
/// process; <c>GetHashCode()</c> on <c>object</c>, an interface or a type parameter may be a string's.
/// </summary>
internal static class HashCodeRule
{
    public const string Verb = "depends on the hash seed through";

    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.HashCode, Verb, ImmutableArray.Create(
        "T:System.HashCode",
        "M:System.String.GetHashCode",
        "M:System.StringComparer.GetHashCode",
        "M:System.Collections.Generic.EqualityComparer.GetHashCode"));

    /// <summary>A description when <c>GetHashCode()</c> is called on a receiver whose hash may be seeded.</summary>
    public static string? Check(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "GetHashCode" || method.Parameters.Length != 0 || invocation.Instance is not { } instance)
        {
            return null;
        }

        var receiver = instance is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : instance.Type;
        var unknown = receiver is null
            || receiver.SpecialType is SpecialType.System_Object or SpecialType.System_String
            || receiver.TypeKind is TypeKind.Interface or TypeKind.TypeParameter or TypeKind.Dynamic;
        return unknown ? Verb + " '" + (receiver is null ? "object" : SymbolNames.Type(receiver)) + ".GetHashCode()'" : null;
    }
}
