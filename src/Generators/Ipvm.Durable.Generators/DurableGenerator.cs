using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Generates, for an assembly's <c>[Deterministic]</c>, <c>[Idempotent]</c>, <c>[Effectful]</c> and <c>[Workflow]</c>
/// methods: task descriptors and handlers, typed <c>Call{Task}Async</c> stubs on <c>WorkflowContext</c>, workflow
/// definitions (and, for static dataflows, the lowered IPVM DAG), IPLD codecs for user types, and one registration
/// class. No reflection at run time.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DurableGenerator : IIncrementalGenerator
{
    internal const string DeterministicAttribute = "Ipvm.Durable.DeterministicAttribute";
    internal const string IdempotentAttribute = "Ipvm.Durable.IdempotentAttribute";
    internal const string EffectfulAttribute = "Ipvm.Durable.EffectfulAttribute";
    internal const string WorkflowAttribute = "Ipvm.Durable.WorkflowAttribute";

    /// <summary>Tracking names of the pipeline's steps, for the caching tests.</summary>
    internal static class Steps
    {
        public const string DeterministicTasks = nameof(DeterministicTasks);
        public const string IdempotentTasks = nameof(IdempotentTasks);
        public const string EffectfulTasks = nameof(EffectfulTasks);
        public const string Workflows = nameof(Workflows);
        public const string TaskSpecs = nameof(TaskSpecs);
        public const string WorkflowSpecs = nameof(WorkflowSpecs);
        public const string AllTasks = nameof(AllTasks);
        public const string TaskIndex = nameof(TaskIndex);
        public const string AssemblyName = nameof(AssemblyName);
        public const string Codecs = nameof(Codecs);
        public const string Claims = nameof(Claims);
        public const string Registration = nameof(Registration);
        public const string Diagnostics = nameof(Diagnostics);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var deterministic = context.SyntaxProvider.ForAttributeWithMetadataName(DeterministicAttribute,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
            static (c, ct) => TaskParser.Parse(c, EffectKind.Pure, ct)).WithTrackingName(Steps.DeterministicTasks);
        var idempotent = context.SyntaxProvider.ForAttributeWithMetadataName(IdempotentAttribute,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
            static (c, ct) => TaskParser.Parse(c, EffectKind.Idempotent, ct)).WithTrackingName(Steps.IdempotentTasks);
        var effectful = context.SyntaxProvider.ForAttributeWithMetadataName(EffectfulAttribute,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
            static (c, ct) => TaskParser.Parse(c, EffectKind.Effectful, ct)).WithTrackingName(Steps.EffectfulTasks);
        var workflows = context.SyntaxProvider.ForAttributeWithMetadataName(WorkflowAttribute,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
            WorkflowParser.Parse).WithTrackingName(Steps.Workflows);

        var assemblyName = context.CompilationProvider
            .Select(static (c, _) => c.AssemblyName ?? "Assembly")
            .WithTrackingName(Steps.AssemblyName);

        var taskResults = deterministic.Collect()
            .Combine(idempotent.Collect())
            .Combine(effectful.Collect())
            .Select(static (t, _) => t.Left.Left.AddRange(t.Left.Right).AddRange(t.Right));
        var taskSpecs = taskResults
            // Workflows and the registration refer to descriptors by name, never to versions: a task's code edit
            // re-emits that task's file only.
            .Select(static (results, _) => results.Where(static r => r.Spec is not null).Select(static r => r.Spec! with { Version = string.Empty })
                .OrderBy(static s => s.Type.DottedName, System.StringComparer.Ordinal).ThenBy(static s => s.MethodName, System.StringComparer.Ordinal)
                .ThenBy(static s => s.TaskName, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(Steps.AllTasks);

        // One file per task.
        EmitTasks(context, deterministic, assemblyName);
        EmitTasks(context, idempotent, assemblyName);
        EmitTasks(context, effectful, assemblyName);

        // One file per workflow; it needs every task to resolve its calls, indexed once for all workflows.
        var workflowSpecs = workflows
            .Select(static (r, _) => r.Spec)
            .Where(static s => s is not null)
            .WithTrackingName(Steps.WorkflowSpecs);
        var taskIndex = taskSpecs.Select(static (tasks, _) => TaskIndex.Create(tasks)).WithTrackingName(Steps.TaskIndex);
        context.RegisterSourceOutput(workflowSpecs.Combine(taskIndex).Combine(assemblyName), static (spc, pair) =>
            spc.AddSource($"{pair.Left.Left!.Type.Name}.{pair.Left.Left.MethodName}.g.cs", WorkflowEmitter.Emit(pair.Left.Left!, pair.Left.Right, pair.Right)));

        // Registration of every task and workflow.
        var registration = taskSpecs
            .Combine(workflowSpecs.Collect())
            .Select(static (pair, _) => new RegistrationSpec(
                pair.Left,
                pair.Right.Select(static w => w!).OrderBy(static w => w.Type.DottedName, System.StringComparer.Ordinal)
                    .ThenBy(static w => w.MethodName, System.StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(Steps.Registration);
        context.RegisterSourceOutput(registration, static (spc, spec) =>
        {
            if (spec.Tasks.Count + spec.Workflows.Count > 0)
            {
                spc.AddSource("GeneratedDurableRegistration.AddGeneratedTasks.g.cs", RegistrationEmitter.Emit(spec));
            }
        });

        // Codecs for user types, deduplicated across tasks and workflows.
        var codecs = taskResults
            .Combine(workflows.Collect())
            .Select(static (pair, _) => pair.Left.SelectMany(static r => r.Codecs).Concat(pair.Right.SelectMany(static r => r.Codecs))
                .GroupBy(static c => c.Type.FullName, System.StringComparer.Ordinal).Select(static g => g.First())
                .OrderBy(static c => c.Type.FullName, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(Steps.Codecs);
        context.RegisterSourceOutput(codecs, static (spc, all) =>
        {
            if (all.Count > 0)
            {
                spc.AddSource("GeneratedIpldCodecs.Register.g.cs", CodecEmitter.Emit(all));
            }
        });

        // Diagnostics travel separately from the specs, so a moved line never re-emits code.
        var diagnostics = taskResults
            .Combine(workflows.Collect())
            .Select(static (pair, _) => Collisions.Find(
                    pair.Left.Select(static r => r.Claim).Concat(pair.Right.Select(static r => r.Claim)))
                .Concat(pair.Left.SelectMany(static r => r.Diagnostics))
                .Concat(pair.Right.SelectMany(static r => r.Diagnostics))
                .ToEquatableArray())
            .WithTrackingName(Steps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, all) =>
        {
            foreach (var diagnostic in all)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    private static void EmitTasks(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<TaskParseResult> results, IncrementalValueProvider<string> assemblyName)
    {
        var specs = results
            .Select(static (r, _) => r.Spec)
            .Where(static s => s is not null)
            .WithTrackingName(Steps.TaskSpecs)
            .Combine(assemblyName);
        context.RegisterSourceOutput(specs, static (spc, pair) =>
            spc.AddSource($"{pair.Left!.Type.Name}.{pair.Left.MethodName}.g.cs", TaskEmitter.Emit(pair.Left!, pair.Right)));
    }
}

/// <summary>Everything the registration class lists.</summary>
internal sealed record RegistrationSpec(EquatableArray<TaskSpec> Tasks, EquatableArray<WorkflowSpec> Workflows);

/// <summary>Finds task (or workflow) names claimed twice in the assembly and reports each claimant.</summary>
internal static class Collisions
{
    public static System.Collections.Generic.IEnumerable<DiagnosticInfo> Find(System.Collections.Generic.IEnumerable<NameClaim?> claims)
    {
        var groups = claims.Where(static c => c is not null).Select(static c => c!)
            .GroupBy(static c => c.Kind + "\n" + c.Name, System.StringComparer.Ordinal)
            .Where(static g => g.Count() > 1)
            .OrderBy(static g => g.Key, System.StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.OrderBy(static c => c.Method, System.StringComparer.Ordinal).ToArray();
            foreach (var claim in members)
            {
                var other = members.First(m => !ReferenceEquals(m, claim));
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, claim.Location, claim.Name, claim.Method, other.Method);
            }
        }
    }
}
