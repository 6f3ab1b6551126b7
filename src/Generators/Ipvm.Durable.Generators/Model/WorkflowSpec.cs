namespace Ipvm.Durable.Generators;

/// <summary>A <c>[Workflow]</c> method, ready to emit.</summary>
internal sealed record WorkflowSpec(
    ContainingType Type,
    string MethodName,
    string WorkflowName,
    string Version,
    EquatableArray<ParameterSpec> Parameters,
    ReturnSpec Return,
    EquatableArray<string> CalledTasks,
    bool CallsNonTasks,
    LoweringSpec? Lowering)
{
    public string DefinitionName => MethodName + "Definition";
}

internal sealed record WorkflowParseResult(WorkflowSpec? Spec, EquatableArray<CodecSpec> Codecs, EquatableArray<DiagnosticInfo> Diagnostics, NameClaim? Claim);

/// <summary>A workflow whose body is a static dataflow: its task calls in issue order and which call's result it returns.</summary>
internal sealed record LoweringSpec(EquatableArray<LoweredCall> Calls, int ReturnCall);

/// <summary>One task call: the task's name (as in <c>Call{Name}Async</c>) and its arguments.</summary>
internal sealed record LoweredCall(string TaskName, EquatableArray<LoweredArgument> Arguments);

internal enum ArgumentKind
{
    Parameter,
    Constant,
    CallResult,
}

/// <summary>An argument: a workflow parameter (by name), a constant (its C# text) or an earlier call's result (by index).</summary>
internal sealed record LoweredArgument(ArgumentKind Kind, string Text, int CallIndex);
