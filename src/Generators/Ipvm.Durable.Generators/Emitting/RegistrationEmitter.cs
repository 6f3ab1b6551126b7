namespace Ipvm.Durable.Generators;

/// <summary>Writes <c>AddGeneratedTasks</c> and <c>AddGeneratedWorkflows</c>: every task and workflow of the assembly, listed, not reflected on.</summary>
internal static class RegistrationEmitter
{
    public static string Emit(RegistrationSpec spec)
    {
        var w = new SourceWriter().Header();
        w.Open("namespace Ipvm.Durable");
        w.Line("/// <summary>Registers the tasks and workflows of this assembly, as the source generator found them.</summary>");
        w.Line(Code.GeneratedCode);
        w.Open("internal static class GeneratedDurableRegistration");
        w.Line("/// <summary>Adds every <c>[Deterministic]</c>, <c>[Idempotent]</c> and <c>[Effectful]</c> task of this assembly.</summary>");
        w.Line("/// <param name=\"registry\">The registry to add to.</param>");
        w.Line("/// <returns>The registry.</returns>");
        w.Open($"public static {Code.Durable}DotnetTaskRegistry AddGeneratedTasks(this {Code.Durable}DotnetTaskRegistry registry)");
        foreach (var task in spec.Tasks)
        {
            w.Line($"registry.Add({task.FullDescriptor}, {task.Type.FullName}.{task.HandlerName});");
        }

        w.Line("return registry;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Adds every <c>[Workflow]</c> of this assembly, and its tasks to <see cref=\"global::Ipvm.Durable.WorkflowRuntime.Tasks\"/>.</summary>");
        w.Line("/// <param name=\"runtime\">The runtime to add to.</param>");
        w.Line("/// <returns>The runtime.</returns>");
        w.Open($"public static {Code.Durable}WorkflowRuntime AddGeneratedWorkflows(this {Code.Durable}WorkflowRuntime runtime)");
        w.Line("runtime.Tasks.AddGeneratedTasks();");
        foreach (var workflow in spec.Workflows)
        {
            w.Line($"runtime.AddWorkflow({workflow.Type.FullName}.{workflow.DefinitionName});");
        }

        w.Line("return runtime;");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }
}
