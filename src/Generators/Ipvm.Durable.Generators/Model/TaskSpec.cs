namespace Ipvm.Durable.Generators;

/// <summary>The effect class of a task, as the attribute on it says.</summary>
internal enum EffectKind
{
    Pure,
    Idempotent,
    Effectful,
}

/// <summary>How a parameter is supplied: encoded in the args list, or handed over by the runtime.</summary>
internal enum ParameterKind
{
    Value,
    WorkflowContext,
    EffectContext,
    CancellationToken,
}

/// <summary>The shape of a method's return type.</summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>A type by its fully qualified name (<c>global::</c>), and whether it is a nullable reference.</summary>
internal sealed record TypeRef(string FullName, bool IsNullableReference = false)
{
    /// <summary>The name written in code, with <c>?</c> for a nullable reference.</summary>
    public string Written => IsNullableReference ? FullName + "?" : FullName;
}

/// <summary>One parameter of a task or workflow method.</summary>
internal sealed record ParameterSpec(string Name, TypeRef Type, ParameterKind Kind);

/// <summary>A method's return: its shape and the type of its value (for Value, TaskOfT and ValueTaskOfT).</summary>
internal sealed record ReturnSpec(ReturnKind Kind, TypeRef? Type)
{
    public bool HasValue => Kind is ReturnKind.Value or ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT;

    public bool IsAwaitable => Kind is ReturnKind.Task or ReturnKind.TaskOfT or ReturnKind.ValueTask or ReturnKind.ValueTaskOfT;
}

/// <summary>Where a generated member goes: the user's top-level partial class.</summary>
internal sealed record ContainingType(string Namespace, string Name, string Keyword, string Accessibility)
{
    /// <summary><c>Namespace.Name</c>, or <c>Name</c> in the global namespace.</summary>
    public string DottedName => Namespace.Length == 0 ? Name : Namespace + "." + Name;

    public string FullName => "global::" + DottedName;
}

/// <summary>
/// A <c>[Deterministic]</c>, <c>[Idempotent]</c> or <c>[Effectful]</c> method, ready to emit. An instance method
/// (<see cref="IsInstance"/>) runs on an object the host supplies at each call; the object is not an input.
/// </summary>
internal sealed record TaskSpec(
    ContainingType Type,
    string MethodName,
    string TaskName,
    EffectKind Effect,
    string Version,
    EquatableArray<ParameterSpec> Parameters,
    ReturnSpec Return,
    string DocumentationId,
    bool IsInstance)
{
    public string DescriptorName => MethodName + "Descriptor";

    public string HandlerName => MethodName + "Handler";

    /// <summary>
    /// The middle of the stub's name, <c>Call{StubPart}Async</c>: the task name made an identifier, without a trailing
    /// <c>Async</c> (<c>ChargeAsync</c> gets <c>CallChargeAsync</c>, the name the analyzers' code fix writes).
    /// </summary>
    public string StubPart => Hashing.Sanitize(TaskName.Length > 5 && TaskName.EndsWith("Async", System.StringComparison.Ordinal) ? TaskName.Substring(0, TaskName.Length - 5) : TaskName);

    public string FullDescriptor => Type.FullName + "." + DescriptorName;
}

/// <summary>What the parser found for one task method: the spec to emit (null when it cannot be emitted), the codecs it needs, and diagnostics.</summary>
internal sealed record TaskParseResult(TaskSpec? Spec, EquatableArray<CodecSpec> Codecs, EquatableArray<DiagnosticInfo> Diagnostics, NameClaim? Claim);

/// <summary>A task or workflow name claimed by a method, for the collision check.</summary>
internal sealed record NameClaim(string Kind, string Name, string Method, LocationInfo? Location);
