using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ipvm.Durable.Analyzers;

/// <summary>IPVM1005: a [Workflow] is async, takes a WorkflowContext first and returns Task or Task&lt;T&gt;.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowSignatureAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.WorkflowSignature);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (DurableSymbols.TryCreate(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, symbols), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, DurableSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (symbols.GetRole(method) != MethodRole.Workflow || method.Locations.IsEmpty)
        {
            return;
        }

        var name = Apis.SymbolNames.Method(method);
        if (!symbols.IsTask(method.ReturnType))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkflowSignature, method.Locations[0], name, "must return Task or Task<T>, not '" + method.ReturnType.ToDisplayString() + "'"));
        }
        else if (!method.IsAsync && !method.IsAbstract)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkflowSignature, method.Locations[0], name, "must be async"));
        }

        if (method.Parameters.IsEmpty || !symbols.IsWorkflowContext(method.Parameters[0].Type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkflowSignature, method.Locations[0], name, "must take a WorkflowContext as its first parameter"));
        }
    }
}
