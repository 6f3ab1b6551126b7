using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators;

/// <summary>The diagnostics the generator reports itself (generator input range IPVM2001..IPVM2099).</summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Ipvm.Durable.Generators";

    private const string HelpBase = "https://github.com/ipvm-durable/ipvm-durable/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor UnsupportedType = Create(
        "IPVM2001",
        "Unsupported task parameter or return type",
        "The type '{0}' of '{1}' in '{2}' has no IPLD codec the generator can write: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameCollision = Create(
        "IPVM2002",
        "Task or workflow name used twice",
        "The name '{0}' of '{1}' is also used by '{2}'; set Name on the attribute to give one of them another name",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NonStaticWorkflow = Create(
        "IPVM2003",
        "Workflow methods must be static",
        "Workflow '{0}' must be static: the runtime starts and replays a workflow with no instance to call it on",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "IPVM2004",
        "The class of a task or workflow must be a top-level partial class",
        "'{0}' is declared in '{1}', which must be a partial class that is not nested in another type: the generator adds the descriptor to it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotLowered = Create(
        "IPVM2005",
        "Workflow is not a static dataflow",
        "Workflow '{0}' is not lowered to an IPVM DAG and runs by replay: {1} at line {2}",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BadWorkflowSignature = Create(
        "IPVM2006",
        "Workflow signature",
        "Workflow '{0}' must return Task or Task<T> and take a WorkflowContext as its first parameter",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "IPVM2001" => UnsupportedType,
        "IPVM2002" => NameCollision,
        "IPVM2003" => NonStaticWorkflow,
        "IPVM2004" => NotPartial,
        "IPVM2005" => NotLowered,
        _ => BadWorkflowSignature,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");
}
