using System.Linq;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>
/// IPVM0009: mutable static state: non-readonly static fields and static auto-properties with a setter, read or
/// written, and writes into collections and arrays held by static readonly fields. Immutable and frozen
/// collections are fine, and so are locals: only what outlives the call counts.
/// </summary>
internal static class MutableStaticRule
{
    private static readonly string[] Mutators =
    {
        "Add", "AddRange", "AddFirst", "AddLast", "AddOrUpdate", "Clear", "Enqueue", "Dequeue", "GetOrAdd", "Insert", "InsertRange",
        "Push", "Pop", "Remove", "RemoveAll", "RemoveAt", "RemoveFirst", "RemoveLast", "RemoveRange", "RemoveWhere", "Reverse",
        "Set", "SetAll", "Sort", "TryAdd", "TryDequeue", "TryPop", "TryRemove", "TryUpdate", "TryTake", "UnionWith",
        "IntersectWith", "ExceptWith", "SymmetricExceptWith", "CollectionsMarshal", "Fill",
    };

    /// <summary>A description when a non-readonly static field is read or written.</summary>
    public static string? CheckField(IFieldReferenceOperation reference)
    {
        var field = reference.Field;
        if (!field.IsStatic || field.IsConst || field.IsReadOnly || field.ContainingType?.TypeKind == TypeKind.Enum)
        {
            return null;
        }

        return (IsWritten(reference) ? "writes" : "reads") + " the mutable static field '" + SymbolNames.Api(field) + "'";
    }

    /// <summary>A description when a static auto-property with a setter of the compilation is used.</summary>
    public static string? CheckProperty(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (!property.IsStatic || property.SetMethod is null || property.DeclaringSyntaxReferences.IsEmpty
            || !property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)))
        {
            return null;
        }

        return (IsWritten(reference) ? "writes" : "reads") + " the mutable static property '" + SymbolNames.Api(property) + "'";
    }

    /// <summary>A description when a collection held by a static readonly field is changed in place.</summary>
    public static string? CheckMutation(IInvocationOperation invocation)
    {
        if (invocation.Instance is not { } instance || StaticReadonlyField(instance) is not { } field
            || System.Array.IndexOf(Mutators, invocation.TargetMethod.Name) < 0)
        {
            return null;
        }

        return "writes into the static collection '" + SymbolNames.Api(field) + "' with '" + SymbolNames.Api(invocation.TargetMethod) + "'";
    }

    /// <summary>A description when an element of an array or indexer held by a static readonly field is assigned.</summary>
    public static string? CheckElementWrite(IOperation target, IOperation? container)
    {
        if (container is null || !IsWritten(target) || StaticReadonlyField(container) is not { } field)
        {
            return null;
        }

        return "writes into the static collection '" + SymbolNames.Api(field) + "'";
    }

    private static IFieldSymbol? StaticReadonlyField(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        if (operation is not IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field })
        {
            return null;
        }

        var ns = field.Type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        var immutable = ns.StartsWith("System.Collections.Immutable", System.StringComparison.Ordinal)
            || ns.StartsWith("System.Collections.Frozen", System.StringComparison.Ordinal)
            || field.Type.SpecialType == SpecialType.System_String
            || field.Type.IsValueType;
        return immutable ? null : field;
    }

    private static bool IsWritten(IOperation operation)
    {
        var parent = operation.Parent;
        return parent switch
        {
            IAssignmentOperation assignment => assignment.Target == operation,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            _ => false,
        };
    }
}
