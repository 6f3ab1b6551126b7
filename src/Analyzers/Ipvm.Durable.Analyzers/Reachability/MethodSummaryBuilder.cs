using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Ipvm.Durable.Analyzers.Apis;
using Ipvm.Durable.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Reachability;

/// <summary>
/// Walks one method's operation trees (lambdas and local functions included, as they are part of the body) and
/// records what it does: uses of banned or unverifiable APIs as findings, and calls into the compilation's own
/// methods (including property accessors, constructors, operators and every implementation of a virtual or
/// interface member) as call sites.
/// </summary>
internal sealed partial class MethodSummaryBuilder
{
    /// <summary>Property on a finding: the catalog key of the API, e.g. <c>System.DateTime.UtcNow</c>.</summary>
    public const string ApiProperty = "Api";

    /// <summary>Property on an IPVM1001 finding: the task method's name.</summary>
    public const string TaskMethodProperty = "TaskMethod";

    private readonly CallGraph _graph;
    private readonly DurableSymbols _symbols;
    private readonly List<Finding> _findings = new();
    private readonly List<CallSite> _calls = new();
    private readonly HashSet<IMethodSymbol> _callees = new(SymbolEqualityComparer.Default);
    private TaskOrigins _origins = null!;

    private MethodSummaryBuilder(CallGraph graph)
    {
        _graph = graph;
        _symbols = graph.Symbols;
    }

    public static MethodSummary Build(CallGraph graph, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var builder = new MethodSummaryBuilder(graph);
        if (method.IsAsync && method.ReturnsVoid && !method.Locations.IsEmpty)
        {
            builder._findings.Add(new Finding(DiagnosticDescriptors.AsyncVoidOrDiscardedTask, method.Locations[0], "is async void", workflowOnly: true));
        }

        foreach (var body in graph.GetBodies(method, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            builder.Walk(body);
        }

        return builder._findings.Count == 0 && builder._calls.Count == 0
            ? MethodSummary.Empty
            : new MethodSummary(builder._findings.ToImmutableArray(), builder._calls.ToImmutableArray());
    }

    private void Walk(IOperation body)
    {
        _origins = new TaskOrigins(_symbols, body);
        foreach (var operation in body.DescendantsAndSelf())
        {
            Visit(operation);
        }
    }

    private void Visit(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                VisitInvocation(invocation);
                break;
            case IObjectCreationOperation creation:
                if (FileSystemRule.CheckCreation(creation) is { } file)
                {
                    Add(DiagnosticDescriptors.FileSystem, creation, file);
                }
                else if (creation.Constructor is { } constructor && !RandomRule.IsSeeded(constructor))
                {
                    UseMember(constructor, creation);
                }

                break;
            case IPropertyReferenceOperation property:
                VisitProperty(property);
                break;
            case IFieldReferenceOperation field:
                Add(DiagnosticDescriptors.MutableStatic, field, MutableStaticRule.CheckField(field));
                break;
            case IArrayElementReferenceOperation element:
                Add(DiagnosticDescriptors.MutableStatic, element, MutableStaticRule.CheckElementWrite(element, element.ArrayReference));
                break;
            case IMethodReferenceOperation reference:
                if (reference.Method.MethodKind != MethodKind.LocalFunction)
                {
                    UseMember(reference.Method, reference);
                }

                break;
            case IBinaryOperation binary:
                if (binary.OperatorMethod is { } binaryOperator)
                {
                    UseMember(binaryOperator, binary);
                }
                else
                {
                    Add(DiagnosticDescriptors.Culture, binary, CultureRule.CheckConcatenation(binary));
                }

                break;
            case IUnaryOperation { OperatorMethod: { } unaryOperator } unary:
                UseMember(unaryOperator, unary);
                break;
            case IIncrementOrDecrementOperation { OperatorMethod: { } incrementOperator } increment:
                UseMember(incrementOperator, increment);
                break;
            case ICompoundAssignmentOperation { OperatorMethod: { } compoundOperator } compound:
                UseMember(compoundOperator, compound);
                break;
            case IConversionOperation { OperatorMethod: { } conversionOperator } conversion:
                UseMember(conversionOperator, conversion);
                break;
            case IInterpolatedStringOperation interpolation:
                if (CultureRule.CheckInterpolation(interpolation) is { } interpolated)
                {
                    Add(DiagnosticDescriptors.Culture, interpolation, interpolated, CultureRule.FixProperty, CultureRule.FixInterpolation);
                }

                break;
            case ILockOperation @lock:
                Add(DiagnosticDescriptors.Threading, @lock.LockedValue, ThreadingRule.Verb + " the 'lock' statement");
                break;
            case IAwaitOperation await:
                VisitAwait(await);
                break;
            case IForEachLoopOperation loop:
                VisitForEach(loop);
                break;
            case IExpressionStatementOperation statement:
                CheckDiscarded(statement.Operation);
                break;
            case ISimpleAssignmentOperation { Target: IDiscardOperation } discard:
                CheckDiscarded(discard.Value);
                break;
            case IAnonymousFunctionOperation { Symbol: { IsAsync: true, ReturnsVoid: true } } lambda:
                _findings.Add(new Finding(DiagnosticDescriptors.AsyncVoidOrDiscardedTask, lambda.Syntax.GetLocation(), "declares an async void lambda", workflowOnly: true));
                break;
            case ILocalFunctionOperation { Symbol: { IsAsync: true, ReturnsVoid: true } } function:
                _findings.Add(new Finding(DiagnosticDescriptors.AsyncVoidOrDiscardedTask, function.Symbol.Locations[0], "declares the async void local function '" + function.Symbol.Name + "'", workflowOnly: true));
                break;
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                if (operation.Parent is not (IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation))
                {
                    Add(DiagnosticDescriptors.Unverifiable, operation, "cannot be verified: it uses 'dynamic'");
                }

                break;
            case IFunctionPointerInvocationOperation:
                Add(DiagnosticDescriptors.Unverifiable, operation, "cannot be verified: it calls through a function pointer");
                break;
            case IAddressOfOperation:
                Add(DiagnosticDescriptors.Unverifiable, operation, "cannot be verified: it takes an address in unsafe code");
                break;
        }
    }

    private void Add(DiagnosticDescriptor rule, IOperation operation, string? description, string? propertyKey = null, string? propertyValue = null)
    {
        if (description is null)
        {
            return;
        }

        var properties = propertyKey is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(propertyKey, propertyValue);
        _findings.Add(new Finding(rule, operation.Syntax.GetLocation(), description, properties: properties));
    }

    private void AddCall(IMethodSymbol callee, IOperation operation)
    {
        callee = CallGraph.Normalize(callee);
        if (_callees.Add(callee))
        {
            _calls.Add(new CallSite(callee, operation.Syntax.GetLocation()));
        }
    }
}
