using System.Collections.Generic;
using System.Linq;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Writes one task's file: its descriptor and handler in the user's partial class, and its typed
/// <c>Call{Task}Async</c> stub in the <c>{Type}TaskCalls</c> extension class.
/// </summary>
internal static class TaskEmitter
{
    public static string Emit(TaskSpec task, string assembly)
    {
        var w = new SourceWriter().Header();
        Code.OpenNamespace(w, task.Type);
        var cref = Code.Cref(task.Type, task.MethodName, task.Parameters);
        w.Open($"partial {task.Type.Keyword} {task.Type.Name}");
        w.Line($"/// <summary>The descriptor of the task <see cref=\"{cref}\"/>.</summary>");
        w.Line(Code.GeneratedCode);
        w.Line($"public static {Code.Durable}TaskDescriptor {task.DescriptorName} {{ get; }} = new({Code.Literal(task.TaskName)}, {Code.Durable}DotnetTaskRegistry.Op, {Code.Literal(Code.Resource(assembly, task.Type, task.MethodName, task.Version))}, {Code.EffectClass(task.Effect)});");
        w.Line();
        EmitHandler(w, task, cref);
        w.Close();
        w.Line();
        EmitStub(w, task, cref);
        Code.CloseNamespace(w, task.Type);
        return w.ToString();
    }

    private static void EmitHandler(SourceWriter w, TaskSpec task, string cref)
    {
        var values = task.Parameters.Where(static p => p.Kind == ParameterKind.Value).ToList();
        var arguments = new List<string>();
        var index = 0;
        foreach (var p in task.Parameters)
        {
            arguments.Add(p.Kind switch
            {
                ParameterKind.EffectContext => "effect",
                ParameterKind.CancellationToken => "effect.CancellationToken",
                ParameterKind.WorkflowContext => "null!",
                _ => Code.Decode(p.Type, $"args[{index++}]"),
            });
        }

        var call = $"{(task.IsInstance ? "instance" : task.Type.FullName)}.{task.MethodName}({string.Join(", ", arguments)})";
        var awaits = task.Return.IsAwaitable;
        w.Line(task.IsInstance
            ? $"/// <summary>Runs <see cref=\"{cref}\"/> on an instruction's args list, on an instance the host supplies (not an input of the instruction).</summary>"
            : $"/// <summary>Runs <see cref=\"{cref}\"/> on an instruction's args list.</summary>");
        w.Line(Code.GeneratedCode);
        var instance = task.IsInstance ? $"{task.Type.FullName} instance, " : string.Empty;
        w.Open($"internal static {(awaits ? "async " : string.Empty)}{Code.Tasks}ValueTask<{Code.Ipld}IpldValue> {task.HandlerName}({instance}{Code.Ipld}IpldValue arguments, {Code.Durable}EffectContext effect)");
        Code.ReadArguments(w, $"Task '{task.TaskName}'", values.Count);
        var value = task.Return.Type is { } type ? Code.Encode(type, "result") : $"{Code.Ipld}IpldValue.Null";
        switch (task.Return.Kind)
        {
            case ReturnKind.Void:
                w.Line(call + ";");
                w.Line($"return new {Code.Tasks}ValueTask<{Code.Ipld}IpldValue>({value});");
                break;
            case ReturnKind.Value:
                w.Line($"var result = {call};");
                w.Line($"return new {Code.Tasks}ValueTask<{Code.Ipld}IpldValue>({value});");
                break;
            case ReturnKind.Task:
            case ReturnKind.ValueTask:
                w.Line($"await {call}.ConfigureAwait(false);");
                w.Line($"return {value};");
                break;
            default:
                w.Line($"var result = await {call}.ConfigureAwait(false);");
                w.Line($"return {value};");
                break;
        }

        w.Close();
    }

    private static void EmitStub(SourceWriter w, TaskSpec task, string cref)
    {
        var values = task.Parameters.Where(static p => p.Kind == ParameterKind.Value).ToList();
        var result = task.Return.Type;
        w.Line($"/// <summary>Typed calls of the tasks of <see cref=\"{task.Type.FullName}\"/> from workflow code.</summary>");
        w.Open($"{task.Type.Accessibility} static partial class {task.Type.Name}TaskCalls");
        w.Line($"/// <summary>Calls the task <see cref=\"{cref}\"/> ({task.Effect.ToString().ToLowerInvariant()}) through the workflow context: its instruction is memoized by CID.</summary>");
        w.Line("/// <param name=\"context\">The workflow's context.</param>");
        foreach (var p in values)
        {
            w.Line($"/// <param name=\"{p.Name}\">Passed to the task.</param>");
        }

        w.Line(result is null ? "/// <returns>Completes when the task has.</returns>" : "/// <returns>The task's result.</returns>");
        var parameters = string.Join(string.Empty, values.Select(static p => $", {p.Type.Written} {Escape(p.Name)}"));
        w.Line(Code.GeneratedCode);
        w.Open($"public static async {Code.Tasks}Task{(result is null ? string.Empty : "<" + result.Written + ">")} Call{task.StubPart}Async(this {Code.Durable}WorkflowContext context{parameters})");
        var encoded = string.Join(", ", values.Select(static p => Code.Encode(p.Type, Escape(p.Name))));
        w.Line($"var arguments = {Code.Ipld}IpldList.Create({(values.Count == 0 ? string.Empty : encoded)});");
        if (result is null)
        {
            w.Line($"await context.CallTaskAsync({task.FullDescriptor}, arguments);");
        }
        else
        {
            w.Line($"var result = await context.CallTaskAsync({task.FullDescriptor}, arguments);");
            w.Line($"return {Code.Decode(result, "result")};");
        }

        w.Close();
        w.Close();
    }

    public static string Escape(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
