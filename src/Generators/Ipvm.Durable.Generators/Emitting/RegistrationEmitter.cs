using System.Linq;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Writes <c>AddGeneratedTasks</c> and <c>AddGeneratedWorkflows</c>: every task and workflow of the assembly, listed,
/// not reflected on. When some task is an instance method, both take the host's instances instead (an
/// <see cref="System.IServiceProvider"/> or a <c>Func&lt;Type, object?&gt;</c>), so forgetting them does not compile;
/// the instance is asked for at each call, so its lifetime is the provider's (transient, scoped, singleton).
/// </summary>
internal static class RegistrationEmitter
{
    private const string Factory = "global::System.Func<global::System.Type, object?>";

    public static string Emit(RegistrationSpec spec)
    {
        var instances = spec.Tasks.Any(static t => t.IsInstance);
        var w = new SourceWriter().Header();
        w.Open("namespace Ipvm.Durable");
        w.Line("/// <summary>Registers the tasks and workflows of this assembly, as the source generator found them.</summary>");
        w.Line(Code.GeneratedCode);
        w.Open("internal static class GeneratedDurableRegistration");
        EmitTasks(w, spec, instances);
        w.Line();
        EmitWorkflows(w, spec, instances);
        if (instances)
        {
            w.Line();
            EmitOverloads(w);
            w.Line();
            EmitResolve(w);
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void EmitTasks(SourceWriter w, RegistrationSpec spec, bool instances)
    {
        w.Line("/// <summary>Adds every <c>[Deterministic]</c>, <c>[Idempotent]</c> and <c>[Effectful]</c> task of this assembly.</summary>");
        w.Line("/// <param name=\"registry\">The registry to add to.</param>");
        if (instances)
        {
            w.Line("/// <param name=\"instances\">Supplies the object an instance task runs on, asked at each call (say, a service provider's <c>GetService</c>).</param>");
        }

        w.Line("/// <returns>The registry.</returns>");
        w.Open($"public static {Code.Durable}DotnetTaskRegistry AddGeneratedTasks(this {Code.Durable}DotnetTaskRegistry registry{(instances ? $", {Factory} instances" : string.Empty)})");
        if (instances)
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(instances);");
        }

        foreach (var task in spec.Tasks)
        {
            var handler = task.IsInstance
                ? $"(arguments, effect) => {task.Type.FullName}.{task.HandlerName}(Resolve<{task.Type.FullName}>(instances, {Code.Literal(task.TaskName)}), arguments, effect)"
                : $"{task.Type.FullName}.{task.HandlerName}";
            w.Line($"registry.Add({task.FullDescriptor}, {handler});");
        }

        w.Line("return registry;");
        w.Close();
    }

    private static void EmitWorkflows(SourceWriter w, RegistrationSpec spec, bool instances)
    {
        w.Line("/// <summary>Adds every <c>[Workflow]</c> of this assembly, and its tasks to <see cref=\"global::Ipvm.Durable.WorkflowRuntime.Tasks\"/>.</summary>");
        w.Line("/// <param name=\"runtime\">The runtime to add to.</param>");
        if (instances)
        {
            w.Line("/// <param name=\"instances\">Supplies the object an instance task runs on, asked at each call.</param>");
        }

        w.Line("/// <returns>The runtime.</returns>");
        w.Open($"public static {Code.Durable}WorkflowRuntime AddGeneratedWorkflows(this {Code.Durable}WorkflowRuntime runtime{(instances ? $", {Factory} instances" : string.Empty)})");
        w.Line(instances ? "runtime.Tasks.AddGeneratedTasks(instances);" : "runtime.Tasks.AddGeneratedTasks();");
        foreach (var workflow in spec.Workflows)
        {
            w.Line($"runtime.AddWorkflow({workflow.Type.FullName}.{workflow.DefinitionName});");
        }

        w.Line("return runtime;");
        w.Close();
    }

    private static void EmitOverloads(SourceWriter w)
    {
        w.Line("/// <summary>Adds every task of this assembly; instance tasks run on objects from <paramref name=\"services\"/>.</summary>");
        w.Line("/// <param name=\"registry\">The registry to add to.</param>");
        w.Line("/// <param name=\"services\">Asked for the object an instance task runs on, at each call.</param>");
        w.Line("/// <returns>The registry.</returns>");
        w.Line($"public static {Code.Durable}DotnetTaskRegistry AddGeneratedTasks(this {Code.Durable}DotnetTaskRegistry registry, global::System.IServiceProvider services) =>");
        w.Line("    registry.AddGeneratedTasks(NotNull(services).GetService);");
        w.Line();
        w.Line("/// <summary>Adds every workflow and task of this assembly; instance tasks run on objects from <paramref name=\"services\"/>.</summary>");
        w.Line("/// <param name=\"runtime\">The runtime to add to.</param>");
        w.Line("/// <param name=\"services\">Asked for the object an instance task runs on, at each call.</param>");
        w.Line("/// <returns>The runtime.</returns>");
        w.Line($"public static {Code.Durable}WorkflowRuntime AddGeneratedWorkflows(this {Code.Durable}WorkflowRuntime runtime, global::System.IServiceProvider services) =>");
        w.Line("    runtime.AddGeneratedWorkflows(NotNull(services).GetService);");
    }

    private static void EmitResolve(SourceWriter w)
    {
        w.Line("private static global::System.IServiceProvider NotNull(global::System.IServiceProvider services)");
        w.Line("{");
        w.Line("    global::System.ArgumentNullException.ThrowIfNull(services);");
        w.Line("    return services;");
        w.Line("}");
        w.Line();
        w.Line($"private static T Resolve<T>({Factory} instances, string task) where T : class =>");
        w.Line("    instances(typeof(T)) as T ?? throw new global::System.InvalidOperationException(");
        w.Line("        $\"Task '{task}' is an instance method of {typeof(T)}, and the host supplied no {typeof(T)}: register it with the service provider (or the factory) given to AddGeneratedTasks.\");");
    }
}
