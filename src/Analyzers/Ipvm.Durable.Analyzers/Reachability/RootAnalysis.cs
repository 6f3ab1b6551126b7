using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Reachability;

/// <summary>
/// Reports, for one root (a [Workflow] or [Deterministic] method), every finding it reaches. The policy:
/// <list type="bullet">
/// <item>a finding in the root's own body (its lambdas and local functions included) is reported where it is,
/// under its own rule, and carries what the code fixes need;</item>
/// <item>a finding reached through calls is reported once per root, on the call in the root's body that starts the
/// shortest path to it, with the whole path in the message and the finding itself as an additional location:
/// under its own rule for a workflow, as IPVM1002 (naming the rule) for a deterministic method, and always as
/// IPVM0012 when it is only unverifiable (a warning, never an error).</item>
/// </list>
/// The search is breadth-first over the compilation's call graph with a visited set, so cycles end and each
/// finding is reached by its shortest path.
/// </summary>
internal static class RootAnalysis
{
    private const string Arrow = " \u2192 ";

    public static void Analyze(CallGraph graph, IMethodSymbol root, MethodRole role, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var isWorkflow = role == MethodRole.Workflow;
        var prefix = (isWorkflow ? "Workflow '" : "Deterministic '") + SymbolNames.Method(root) + "'";
        var summary = graph.GetSummary(root, cancellationToken);
        foreach (var finding in summary.Findings)
        {
            if (isWorkflow || !finding.WorkflowOnly)
            {
                report(Diagnostic.Create(finding.Rule, finding.Location, finding.Properties, prefix, finding.Description));
            }
        }

        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { CallGraph.Normalize(root) };
        var queue = new Queue<Node>();
        foreach (var call in summary.Calls)
        {
            if (visited.Add(call.Callee))
            {
                queue.Enqueue(new Node(call.Callee, null, call.Location));
            }
        }

        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = queue.Dequeue();
            var callee = graph.GetSummary(node.Method, cancellationToken);
            if (!callee.Findings.IsEmpty)
            {
                var path = Path(prefix, node);
                foreach (var finding in callee.Findings)
                {
                    if (!isWorkflow && finding.WorkflowOnly)
                    {
                        continue;
                    }

                    var additional = ImmutableArray.Create(finding.Location);
                    report(isWorkflow || finding.Rule.Id == RuleIdentifiers.Unverifiable
                        ? Diagnostic.Create(finding.Rule, node.Site, additional, properties: null, path, finding.Description)
                        : Diagnostic.Create(DiagnosticDescriptors.DeterministicReachesNondeterminism, node.Site, additional, properties: null, path, finding.Description, finding.Rule.Id));
                }
            }

            foreach (var call in callee.Calls)
            {
                if (visited.Add(call.Callee))
                {
                    queue.Enqueue(new Node(call.Callee, node, node.Site));
                }
            }
        }
    }

    private static string Path(string prefix, Node node)
    {
        var methods = new List<string>();
        for (var current = node; current is not null; current = current.Parent)
        {
            methods.Add(SymbolNames.Method(current.Method));
        }

        var builder = new StringBuilder(prefix);
        for (var i = methods.Count - 1; i >= 0; i--)
        {
            builder.Append(Arrow).Append('\'').Append(methods[i]).Append('\'');
        }

        return builder.ToString();
    }

    private sealed class Node
    {
        public Node(IMethodSymbol method, Node? parent, Location site)
        {
            Method = method;
            Parent = parent;
            Site = site;
        }

        public IMethodSymbol Method { get; }

        public Node? Parent { get; }

        /// <summary>The call in the root's body where the path starts.</summary>
        public Location Site { get; }
    }
}
