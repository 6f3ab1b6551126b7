using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Writes one workflow's file: its <c>WorkflowDefinition</c> and body and, when it is a static dataflow,
/// <c>Lower{Method}</c>, which builds the IPVM workflow whose instructions the body issues.
/// </summary>
internal static class WorkflowEmitter
{
    public static string Emit(WorkflowSpec workflow, TaskIndex tasks, string assembly)
    {
        var pure = !workflow.CallsNonTasks && workflow.CalledTasks.All(t => tasks.Find(t)?.Effect == EffectKind.Pure);
        var lowering = Resolve(workflow, tasks);
        var values = workflow.Parameters.Skip(1).ToList();
        var cref = Code.Cref(workflow.Type, workflow.MethodName, workflow.Parameters);

        var w = new SourceWriter().Header();
        Code.OpenNamespace(w, workflow.Type);
        w.Open($"partial {workflow.Type.Keyword} {workflow.Type.Name}");
        w.Line($"/// <summary>The definition of the workflow <see cref=\"{cref}\"/>, for <c>WorkflowRuntime.AddWorkflow</c>.</summary>");
        w.Line(Code.GeneratedCode);
        w.Line($"public static {Code.Durable}WorkflowDefinition {workflow.DefinitionName} {{ get; }} = new({Code.Literal(workflow.WorkflowName)}, {Code.Literal(Code.Resource(assembly, workflow.Type, workflow.MethodName, workflow.Version))}, {Code.EffectClass(pure ? EffectKind.Pure : EffectKind.Effectful)}, {workflow.MethodName}Body);");
        w.Line();
        w.Line(lowering is null
            ? $"/// <summary>Decodes the args list, runs <see cref=\"{cref}\"/> by replay and encodes its result.</summary>"
            : $"/// <summary>Issues the calls of <see cref=\"{cref}\"/>, a static dataflow, passing earlier results as promises: the instructions of <see cref=\"Lower{workflow.MethodName}\"/>.</summary>");
        w.Line(Code.GeneratedCode);
        w.Open($"private static async {Code.Tasks}Task<{Code.Ipld}IpldValue> {workflow.MethodName}Body({Code.Durable}WorkflowContext context, {Code.Ipld}IpldValue arguments)");
        Code.ReadArguments(w, $"Workflow '{workflow.WorkflowName}'", values.Count);
        if (lowering is null)
        {
            var call = $"{workflow.Type.FullName}.{workflow.MethodName}(context{string.Concat(values.Select((p, i) => ", " + Code.Decode(p.Type, $"args[{i}]")))})";
            if (workflow.Return.Type is { } type)
            {
                w.Line($"var result = await {call};");
                w.Line($"return {Code.Encode(type, "result")};");
            }
            else
            {
                w.Line($"await {call};");
                w.Line($"return {Code.Ipld}IpldValue.Null;");
            }
        }
        else
        {
            EmitIssuingBody(w, workflow, values, lowering);
        }

        w.Close();
        if (lowering is not null)
        {
            w.Line();
            EmitLower(w, workflow, values, lowering, cref);
        }

        w.Close();
        Code.CloseNamespace(w, workflow.Type);
        return w.ToString();
    }

    private static List<TaskSpec>? Resolve(WorkflowSpec workflow, TaskIndex tasks)
    {
        if (workflow.Lowering is null)
        {
            return null;
        }

        var resolved = new List<TaskSpec>();
        foreach (var call in workflow.Lowering.Calls)
        {
            if (tasks.Find(call.TaskName) is not { } task || task.Parameters.Count(static p => p.Kind == ParameterKind.Value) != call.Arguments.Count)
            {
                return null; // a call the generator cannot see (another assembly): replay only.
            }

            resolved.Add(task);
        }

        return resolved;
    }

    private static string Argument(LoweredArgument argument, TypeRef target, System.Func<int, string> promise)
    {
        switch (argument.Kind)
        {
            case ArgumentKind.Parameter:
                return Code.Encode(target, TaskEmitter.Escape(argument.Text));
            case ArgumentKind.Constant:
                return argument.Text == "null" ? $"{Code.Ipld}IpldValue.Null" : $"{Code.Ipld}IpldCodecs.Encode<{target.FullName}>({argument.Text})";
            default:
                return promise(argument.CallIndex);
        }
    }

    private static string ArgumentList(LoweredCall call, TaskSpec task, System.Func<int, string> promise)
    {
        var targets = task.Parameters.Where(static p => p.Kind == ParameterKind.Value).ToList();
        var items = call.Arguments.Select((a, i) => Argument(a, targets[i].Type, promise));
        return $"{Code.Ipld}IpldList.Create({string.Join(", ", items)})";
    }

    private static void EmitIssuingBody(SourceWriter w, WorkflowSpec workflow, List<ParameterSpec> values, List<TaskSpec> tasks)
    {
        for (var i = 0; i < values.Count; i++)
        {
            w.Line($"var {TaskEmitter.Escape(values[i].Name)} = {Code.Decode(values[i].Type, $"args[{i.ToString(CultureInfo.InvariantCulture)}]")};");
        }

        var calls = workflow.Lowering!.Calls;
        for (var i = 0; i < calls.Count; i++)
        {
            w.Line($"var call{i.ToString(CultureInfo.InvariantCulture)} = context.CallTask({tasks[i].FullDescriptor}, {ArgumentList(calls[i], tasks[i], static c => $"call{c.ToString(CultureInfo.InvariantCulture)}.Promise")});");
        }

        for (var i = 0; i < calls.Count; i++)
        {
            w.Line($"await call{i.ToString(CultureInfo.InvariantCulture)}.Result;");
        }

        w.Line(workflow.Lowering.ReturnCall >= 0
            ? $"return await call{workflow.Lowering.ReturnCall.ToString(CultureInfo.InvariantCulture)}.Result;"
            : $"return {Code.Ipld}IpldValue.Null;");
    }

    private static void EmitLower(SourceWriter w, WorkflowSpec workflow, List<ParameterSpec> values, List<TaskSpec> tasks, string cref)
    {
        var needsRun = tasks.Any(static t => t.Effect != EffectKind.Pure);
        var parameters = values.Select(static p => $"{p.Type.Written} {TaskEmitter.Escape(p.Name)}").ToList();
        if (needsRun)
        {
            parameters.Add("string runId");
        }

        w.Line($"/// <summary>The IPVM workflow of <see cref=\"{cref}\"/> for the given inputs: one <c>dotnet/run</c> task per call, later calls taking earlier results as <c>await/ok</c> promises.</summary>");
        foreach (var p in values)
        {
            w.Line($"/// <param name=\"{p.Name}\">The workflow's argument.</param>");
        }

        if (needsRun)
        {
            w.Line("/// <param name=\"runId\">The run the DAG is for: idempotent and effectful calls carry it in their nonces.</param>");
        }

        w.Line("/// <returns>The workflow, whose instruction CIDs are those a run by replay records.</returns>");
        w.Line(Code.GeneratedCode);
        w.Open($"public static {Code.Durable}Workflow Lower{workflow.MethodName}({string.Join(", ", parameters)})");
        var calls = workflow.Lowering!.Calls;
        var effects = 0;
        for (var i = 0; i < calls.Count; i++)
        {
            var task = tasks[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            var nonce = task.Effect switch
            {
                EffectKind.Pure => "\"\"",
                EffectKind.Idempotent => "runId",
                _ => $"runId + {Code.Literal("/effect/" + (effects++).ToString(CultureInfo.InvariantCulture))}",
            };
            var input = ArgumentList(calls[i], task, static c => $"new {Code.Durable}Promise({Code.Durable}PromiseSelector.Ok, instruction{c.ToString(CultureInfo.InvariantCulture)}.Cid).ToIpld()");
            w.Line($"var task{index} = {task.FullDescriptor};");
            w.Line($"var instruction{index} = new {Code.Durable}Instruction(task{index}.Resource, task{index}.Op, {Code.Ipld}IpldMap.Create((\"args\", {input}), (\"func\", task{index}.Name)), new {Code.Ipld}IpldString({nonce}));");
        }

        var list = string.Join(", ", Enumerable.Range(0, calls.Count).Select(static i => $"new {Code.Durable}WorkflowTask(instruction{i.ToString(CultureInfo.InvariantCulture)})"));
        w.Line($"return new {Code.Durable}Workflow(new {Code.Durable}WorkflowTask[] {{ {list} }}, {Code.Literal(workflow.WorkflowName)});");
        w.Close();
    }
}
