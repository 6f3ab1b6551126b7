using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers;

/// <summary>The symbols the analyzers compare against, resolved once per compilation.</summary>
internal sealed class DurableSymbols
{
    private DurableSymbols(Compilation compilation, INamedTypeSymbol workflowAttribute)
    {
        Compilation = compilation;
        WorkflowAttribute = workflowAttribute;
        DeterministicAttribute = compilation.GetTypeByMetadataName("Ipvm.Durable.DeterministicAttribute");
        IdempotentAttribute = compilation.GetTypeByMetadataName("Ipvm.Durable.IdempotentAttribute");
        EffectfulAttribute = compilation.GetTypeByMetadataName("Ipvm.Durable.EffectfulAttribute");
        WorkflowContext = compilation.GetTypeByMetadataName("Ipvm.Durable.WorkflowContext");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        FormatProvider = compilation.GetTypeByMetadataName("System.IFormatProvider");
        CultureInfo = compilation.GetTypeByMetadataName("System.Globalization.CultureInfo");
        StringComparison = compilation.GetTypeByMetadataName("System.StringComparison");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
        DurableAssembly = workflowAttribute.ContainingAssembly;
        IpldAssembly = compilation.GetTypeByMetadataName("Ipvm.Durable.Ipld.IpldValue")?.ContainingAssembly;
    }

    public Compilation Compilation { get; }

    public IAssemblySymbol DurableAssembly { get; }

    /// <summary>The IPLD library, which computes from its inputs only (values, codecs, CIDs); null when not referenced.</summary>
    public IAssemblySymbol? IpldAssembly { get; }

    /// <summary>True for members of the assemblies the runtime ships, which the analyzers trust.</summary>
    public bool IsRuntimeAssembly(IAssemblySymbol? assembly) =>
        SymbolEqualityComparer.Default.Equals(assembly, DurableAssembly) || (IpldAssembly is not null && SymbolEqualityComparer.Default.Equals(assembly, IpldAssembly));

    public INamedTypeSymbol WorkflowAttribute { get; }

    public INamedTypeSymbol? DeterministicAttribute { get; }

    public INamedTypeSymbol? IdempotentAttribute { get; }

    public INamedTypeSymbol? EffectfulAttribute { get; }

    public INamedTypeSymbol? WorkflowContext { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? FormatProvider { get; }

    public INamedTypeSymbol? CultureInfo { get; }

    public INamedTypeSymbol? StringComparison { get; }

    public INamedTypeSymbol? Exception { get; }

    /// <summary>The symbols, or null when the compilation does not reference Ipvm.Durable (then nothing is reported).</summary>
    public static DurableSymbols? TryCreate(Compilation compilation)
    {
        var workflow = compilation.GetTypeByMetadataName("Ipvm.Durable.WorkflowAttribute");
        return workflow is null ? null : new DurableSymbols(compilation, workflow);
    }

    /// <summary>How the method is marked: the attribute that makes it a root or a task, if any.</summary>
    public MethodRole GetRole(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(type, WorkflowAttribute))
            {
                return MethodRole.Workflow;
            }

            if (SymbolEqualityComparer.Default.Equals(type, DeterministicAttribute))
            {
                return MethodRole.Deterministic;
            }

            if (SymbolEqualityComparer.Default.Equals(type, IdempotentAttribute))
            {
                return MethodRole.Idempotent;
            }

            if (SymbolEqualityComparer.Default.Equals(type, EffectfulAttribute))
            {
                return MethodRole.Effectful;
            }
        }

        return MethodRole.None;
    }

    /// <summary>True for WorkflowContext and the types derived from it.</summary>
    public bool IsWorkflowContext(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, WorkflowContext))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for Task and Task&lt;T&gt;.</summary>
    public bool IsTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (SymbolEqualityComparer.Default.Equals(named, Task) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, TaskOfT));

    /// <summary>True for types derived from System.Exception.</summary>
    public bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, Exception))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a method's attribute declares.</summary>
internal enum MethodRole
{
    None,
    Workflow,
    Deterministic,
    Idempotent,
    Effectful,
}
