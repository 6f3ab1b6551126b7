using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Reachability;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ipvm.Durable.Analyzers;

/// <summary>
/// Checks every [Workflow] and [Deterministic] method and everything it reaches in the compilation for the
/// determinism rules (IPVM0001–IPVM0012) and for direct task calls, awaits and discarded tasks
/// (IPVM1001–IPVM1004). The rules' APIs and predicates live in <c>Rules/</c>, the call graph in <c>Reachability/</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeterminismAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.WallClock,
        DiagnosticDescriptors.NewGuid,
        DiagnosticDescriptors.Random,
        DiagnosticDescriptors.Timer,
        DiagnosticDescriptors.Threading,
        DiagnosticDescriptors.FileSystem,
        DiagnosticDescriptors.Network,
        DiagnosticDescriptors.Environment,
        DiagnosticDescriptors.MutableStatic,
        DiagnosticDescriptors.HashCode,
        DiagnosticDescriptors.Culture,
        DiagnosticDescriptors.Unverifiable,
        DiagnosticDescriptors.DirectTaskCall,
        DiagnosticDescriptors.DeterministicReachesNondeterminism,
        DiagnosticDescriptors.AwaitOutsideContext,
        DiagnosticDescriptors.AsyncVoidOrDiscardedTask);

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

            var graph = new CallGraph(symbols);
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var method = (IMethodSymbol)symbolContext.Symbol;
                    var role = symbols.GetRole(method);
                    if (role is MethodRole.Workflow or MethodRole.Deterministic)
                    {
                        RootAnalysis.Analyze(graph, method, role, symbolContext.ReportDiagnostic, symbolContext.CancellationToken);
                    }
                },
                SymbolKind.Method);
        });
    }
}
