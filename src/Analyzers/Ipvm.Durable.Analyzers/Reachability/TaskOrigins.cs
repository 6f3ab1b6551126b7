using System.Collections.Generic;
using Ipvm.Durable.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Reachability;

/// <summary>Where an awaited value comes from.</summary>
internal enum Origin
{
    /// <summary>The context (a task call, a timer), or a completed task: safe to await in a workflow.</summary>
    Context,

    /// <summary>Cannot tell (a parameter, a field, a collection filled elsewhere) or code of the compilation, which is checked on its own.</summary>
    Unknown,

    /// <summary>An API of another assembly that is not the context: certain to be outside the workflow's control.</summary>
    External,
}

/// <summary>
/// Classifies task-valued expressions by origin, following locals to their assignments in the same body,
/// arrays and collection expressions to their elements, and <c>Select</c> lambdas to what they return.
/// </summary>
internal sealed class TaskOrigins
{
    private const int MaxDepth = 8;
    private readonly DurableSymbols _symbols;
    private readonly IOperation _body;
    private Dictionary<ILocalSymbol, List<IOperation>>? _locals;

    public TaskOrigins(DurableSymbols symbols, IOperation body)
    {
        _symbols = symbols;
        _body = body;
    }

    /// <summary>The origin of <paramref name="operation"/> and, when external, the API it comes from.</summary>
    public (Origin Origin, ISymbol? Api) Classify(IOperation operation) => Classify(operation, 0);

    /// <summary>True when <paramref name="invocation"/> is a method of the context or a generated <c>Call{Method}Async</c> extension on it.</summary>
    public bool IsContextCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        return _symbols.IsWorkflowContext(method.ContainingType)
            || (method.IsExtensionMethod && method.Parameters.Length > 0 && _symbols.IsWorkflowContext(method.Parameters[0].Type));
    }

    private (Origin, ISymbol?) Classify(IOperation? operation, int depth)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        if (operation is null || depth > MaxDepth)
        {
            return (Origin.Unknown, null);
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                return ClassifyInvocation(invocation, depth);
            case IPropertyReferenceOperation property:
                return property.Property.Name == "CompletedTask" || _symbols.IsWorkflowContext(property.Property.ContainingType)
                    ? (Origin.Context, null)
                    : FromMember(property.Property);
            case ILocalReferenceOperation local:
                return Combine(ValuesOf(local.Local), depth);
            case IArrayCreationOperation array:
                return array.Initializer is null ? (Origin.Unknown, null) : Combine(array.Initializer.ElementValues, depth);
            case ICollectionExpressionOperation collection:
                return Combine(collection.Elements, depth);
            case IAwaitOperation:
                return (Origin.Unknown, null);
            default:
                return (Origin.Unknown, null);
        }
    }

    private (Origin, ISymbol?) ClassifyInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (IsContextCall(invocation))
        {
            return (Origin.Context, null);
        }

        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            // A lambda's awaits are checked where it is written.
            return (Origin.Unknown, null);
        }

        if (ThreadingRule.IsWhenAllOrAny(method))
        {
            var values = new List<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                values.Add(argument.Value);
            }

            return Combine(values, depth);
        }

        if (method.Name is "FromResult" or "FromException" or "FromCanceled" && _symbols.IsTask(method.ContainingType))
        {
            return (Origin.Context, null);
        }

        if (method.Name == "ConfigureAwait" && invocation.Instance is { } awaited)
        {
            return Classify(awaited, depth + 1);
        }

        if (method.ContainingType is { Name: "Enumerable" } enumerable && enumerable.ContainingNamespace?.ToDisplayString() == "System.Linq")
        {
            if (method.Name == "Select" && invocation.Arguments.Length == 2)
            {
                return ReturnedBy(invocation.Arguments[1].Value, depth);
            }

            return invocation.Arguments.Length > 0 ? Classify(invocation.Arguments[0].Value, depth + 1) : (Origin.Unknown, null);
        }

        return FromMember(method);
    }

    private (Origin, ISymbol?) FromMember(ISymbol member) =>
        member.ContainingAssembly is { } assembly
        && (SymbolEqualityComparer.Default.Equals(assembly, _symbols.Compilation.Assembly) || SymbolEqualityComparer.Default.Equals(assembly, _symbols.DurableAssembly))
            ? (Origin.Unknown, null)
            : (Origin.External, member);

    private (Origin, ISymbol?) ReturnedBy(IOperation selector, int depth)
    {
        if (selector is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            var returned = new List<IOperation>();
            foreach (var descendant in lambda.Body.Descendants())
            {
                if (descendant is IReturnOperation { ReturnedValue: { } value })
                {
                    returned.Add(value);
                }
            }

            return Combine(returned, depth);
        }

        return (Origin.Unknown, null);
    }

    private (Origin, ISymbol?) Combine(IEnumerable<IOperation> values, int depth)
    {
        var any = false;
        var allContext = true;
        foreach (var value in values)
        {
            any = true;
            var (origin, api) = Classify(value, depth + 1);
            if (origin == Origin.External)
            {
                return (origin, api);
            }

            allContext &= origin == Origin.Context;
        }

        return (any && allContext ? Origin.Context : Origin.Unknown, null);
    }

    private IEnumerable<IOperation> ValuesOf(ILocalSymbol local)
    {
        if (_locals is null)
        {
            var locals = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            foreach (var operation in _body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                        Add(locals, declarator.Symbol, initializer.Value);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        Add(locals, target.Local, assignment.Value);
                        break;
                }
            }

            _locals = locals;
        }

        return _locals.TryGetValue(local, out var values) ? values : (IEnumerable<IOperation>)System.Array.Empty<IOperation>();
    }

    private static void Add(Dictionary<ILocalSymbol, List<IOperation>> locals, ILocalSymbol local, IOperation value)
    {
        if (!locals.TryGetValue(local, out var list))
        {
            locals.Add(local, list = new List<IOperation>());
        }

        list.Add(value);
    }
}
