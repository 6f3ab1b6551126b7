using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;
using Ipvm.Durable.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Reachability;

/// <summary>How the walker treats a use of a member: banned, trusted, a call into the compilation, or unverifiable.</summary>
internal sealed partial class MethodSummaryBuilder
{
    private void VisitInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.DelegateInvoke)
        {
            // Local functions and lambdas are walked where they are written, as part of this body.
            return;
        }

        if (ThreadingRule.IsWhenAllOrAny(method))
        {
            var (origin, api) = _origins.Classify(invocation);
            if (origin == Origin.External)
            {
                Add(DiagnosticDescriptors.Threading, invocation, ThreadingRule.Verb + " '" + SymbolNames.Api(method) + "' over a task that does not come from the context ('" + SymbolNames.Api(api!) + "')");
            }

            return;
        }

        if (!_graph.IsInCompilation(method))
        {
            if (ThreadingRule.CheckConfigureAwait(invocation) is { } configureAwait)
            {
                Add(DiagnosticDescriptors.Threading, invocation, configureAwait);
                return;
            }

            if (CultureRule.Check(invocation, _symbols) is { } culture)
            {
                Add(DiagnosticDescriptors.Culture, invocation, culture.Description, CultureRule.FixProperty, culture.Fix);
                return;
            }

            if (HashCodeRule.Check(invocation) is { } hash)
            {
                Add(DiagnosticDescriptors.HashCode, invocation, hash);
                return;
            }
        }

        if (MutableStaticRule.CheckMutation(invocation) is { } mutation)
        {
            Add(DiagnosticDescriptors.MutableStatic, invocation, mutation);
            return;
        }

        UseMember(method, invocation);
    }

    private void VisitProperty(IPropertyReferenceOperation reference)
    {
        if (MutableStaticRule.CheckProperty(reference) is { } mutable)
        {
            Add(DiagnosticDescriptors.MutableStatic, reference, mutable);
            return;
        }

        if (reference.Property.IsIndexer && MutableStaticRule.CheckElementWrite(reference, reference.Instance) is { } write)
        {
            Add(DiagnosticDescriptors.MutableStatic, reference, write);
            return;
        }

        var property = reference.Property;
        if (!_graph.IsInCompilation(property))
        {
            UseMember(property, reference);
            return;
        }

        var parent = reference.Parent;
        var written = parent is IAssignmentOperation assignment && assignment.Target == reference || parent is IIncrementOrDecrementOperation;
        var read = !(parent is ISimpleAssignmentOperation simple && simple.Target == reference);
        if (read && property.GetMethod is { } getter)
        {
            UseMember(getter, reference);
        }

        if (written && property.SetMethod is { } setter)
        {
            UseMember(setter, reference);
        }
    }

    private void VisitForEach(IForEachLoopOperation loop)
    {
        // The enumerator calls are implicit: no invocation operation shows them, so ask the semantic model.
        if (loop.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax statement || loop.SemanticModel is not { } model)
        {
            return;
        }

        var info = Microsoft.CodeAnalysis.CSharp.CSharpExtensions.GetForEachStatementInfo(model, statement);
        foreach (var method in new[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty?.GetMethod, info.DisposeMethod })
        {
            if (method is not null && _graph.IsInCompilation(method))
            {
                UseMember(method, loop.Collection);
            }
        }
    }

    private void VisitAwait(IAwaitOperation await)
    {
        var awaited = await.Operation;
        while (awaited is IConversionOperation conversion)
        {
            awaited = conversion.Operand;
        }

        if (awaited is IInvocationOperation invocation && ThreadingRule.IsWhenAllOrAny(invocation.TargetMethod))
        {
            // Reported as IPVM0005 on the WhenAll/WhenAny itself.
            return;
        }

        var (origin, api) = _origins.Classify(awaited);
        if (origin != Origin.External || api is null || _graph.GetExternalVerdict(api) is { IsBanned: true })
        {
            // A banned API is reported by its own rule; awaiting it adds nothing.
            return;
        }

        _findings.Add(new Finding(
            DiagnosticDescriptors.AwaitOutsideContext,
            await.Syntax.GetLocation(),
            "awaits '" + SymbolNames.Api(api) + "', which does not come from the context",
            workflowOnly: true));
    }

    private void CheckDiscarded(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IInvocationOperation invocation && _origins.IsContextCall(invocation) && _symbols.IsTask(invocation.Type))
        {
            _findings.Add(new Finding(
                DiagnosticDescriptors.AsyncVoidOrDiscardedTask,
                invocation.Syntax.GetLocation(),
                "starts '" + SymbolNames.Api(invocation.TargetMethod) + "' without awaiting it",
                workflowOnly: true));
        }
    }

    private void UseMember(ISymbol member, IOperation operation)
    {
        if (member is IMethodSymbol method)
        {
            switch (_symbols.GetRole(method))
            {
                case MethodRole.Idempotent:
                case MethodRole.Effectful:
                    AddDirectTaskCall(method, operation);
                    return;
                case MethodRole.Workflow:
                case MethodRole.Deterministic:
                    // Checked as a root of its own; calling it is deterministic.
                    return;
            }
        }

        if (_graph.IsInCompilation(member))
        {
            if (member is IMethodSymbol callee)
            {
                if (callee.IsExtern || callee.GetDllImportData() is not null)
                {
                    Add(DiagnosticDescriptors.Unverifiable, operation, "cannot be verified: it calls native code through '" + SymbolNames.Api(callee) + "'");
                    return;
                }

                AddCall(callee, operation);
                AddImplementations(callee, operation);
            }

            return;
        }

        if (_symbols.IsRuntimeAssembly(member.ContainingAssembly))
        {
            return;
        }

        var verdict = _graph.GetExternalVerdict(member);
        if (verdict is null)
        {
            var assembly = member.ContainingAssembly?.Name ?? "?";
            Add(DiagnosticDescriptors.Unverifiable, operation, string.Format(System.Globalization.CultureInfo.InvariantCulture, UnverifiableRule.UnknownExternalVerb, SymbolNames.Api(member), assembly));
        }
        else if (verdict.Rule is { } rule)
        {
            var key = member.ContainingType is { } type
                ? SymbolNames.Namespace(type) + "." + SymbolNames.TypeKey(type.OriginalDefinition) + "." + (member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name)
                : member.Name;
            Add(rule, operation, verdict.Verb + " '" + SymbolNames.Api(member) + "'", ApiProperty, key);
        }

        if (member is IMethodSymbol external)
        {
            AddImplementations(external, operation);
        }
    }

    private void AddImplementations(IMethodSymbol method, IOperation operation)
    {
        if (!(method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface))
        {
            return;
        }

        foreach (var implementation in _graph.GetImplementations(method))
        {
            if (_symbols.GetRole(implementation) == MethodRole.None)
            {
                AddCall(implementation, operation);
            }
        }
    }

    private void AddDirectTaskCall(IMethodSymbol method, IOperation operation)
    {
        var kind = _symbols.GetRole(method) == MethodRole.Effectful ? "[Effectful]" : "[Idempotent]";
        var name = TaskCallName(method.Name);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(TaskMethodProperty, method.Name);
        _findings.Add(new Finding(
            DiagnosticDescriptors.DirectTaskCall,
            operation.Syntax.GetLocation(),
            "calls the " + kind + " task '" + SymbolNames.Method(method) + "' directly; call it through the context: 'await ctx." + name + "(...)'",
            properties: operation is IInvocationOperation ? properties : null));
    }

    /// <summary>The generated extension's name for a task method: <c>Call{Method}Async</c>, without doubling a trailing Async.</summary>
    public static string TaskCallName(string method) =>
        "Call" + (method.EndsWith("Async", System.StringComparison.Ordinal) ? method.Substring(0, method.Length - 5) : method) + "Async";
}
