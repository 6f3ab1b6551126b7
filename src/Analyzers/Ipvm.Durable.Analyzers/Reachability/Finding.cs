using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Reachability;

/// <summary>One use of a nondeterministic API (or a workflow-shape problem) in one method body.</summary>
internal sealed class Finding
{
    public Finding(DiagnosticDescriptor rule, Location location, string description, bool workflowOnly = false, ImmutableDictionary<string, string?>? properties = null)
    {
        Rule = rule;
        Location = location;
        Description = description;
        WorkflowOnly = workflowOnly;
        Properties = properties ?? ImmutableDictionary<string, string?>.Empty;
    }

    public DiagnosticDescriptor Rule { get; }

    /// <summary>The offending expression.</summary>
    public Location Location { get; }

    /// <summary>What the code does, completing "{path} ...": "reads the wall clock through 'DateTime.UtcNow'".</summary>
    public string Description { get; }

    /// <summary>True for findings that matter only under a workflow root (awaits, discarded tasks, async void).</summary>
    public bool WorkflowOnly { get; }

    /// <summary>What the code fixes need to know; carried on the diagnostic when it is reported in place.</summary>
    public ImmutableDictionary<string, string?> Properties { get; }
}

/// <summary>A call from one method of the compilation to another, with where it happens.</summary>
internal readonly struct CallSite
{
    public CallSite(IMethodSymbol callee, Location location)
    {
        Callee = callee;
        Location = location;
    }

    public IMethodSymbol Callee { get; }

    public Location Location { get; }
}

/// <summary>What one method does by itself: its findings and the methods of the compilation it calls.</summary>
internal sealed class MethodSummary
{
    public static readonly MethodSummary Empty = new(ImmutableArray<Finding>.Empty, ImmutableArray<CallSite>.Empty);

    public MethodSummary(ImmutableArray<Finding> findings, ImmutableArray<CallSite> calls)
    {
        Findings = findings;
        Calls = calls;
    }

    public ImmutableArray<Finding> Findings { get; }

    public ImmutableArray<CallSite> Calls { get; }
}
