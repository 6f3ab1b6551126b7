namespace Ipvm.Durable;

/// <summary>
/// What a <see cref="WorkflowAttribute">workflow</see> may use in place of the nondeterministic APIs it must not
/// touch. Every value here is recorded on first execution and returned unchanged on replay, so workflow code sees
/// the same world every time it runs. Tasks are called through the generated <c>Call{Method}Async</c> extension
/// methods, which build on <see cref="CallTaskAsync"/>.
/// </summary>
public abstract class WorkflowContext
{
    /// <summary>The run this execution belongs to.</summary>
    public abstract string RunId { get; }

    /// <summary>The current time, recorded: the same on every replay. Use it instead of <see cref="DateTime.UtcNow"/>.</summary>
    public abstract DateTimeOffset UtcNow { get; }

    /// <summary>A random number generator seeded from the run: the same sequence on every replay.</summary>
    public abstract Random Random { get; }

    /// <summary>True while the workflow re-executes code whose results are already recorded.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>A logger that is silent while replaying, so each message is written once.</summary>
    public abstract Microsoft.Extensions.Logging.ILogger Logger { get; }

    /// <summary>A GUID derived from the run and the call's position: the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A durable timer: survives a restart and fires once, after <paramref name="delay"/> of run time.</summary>
    public abstract Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>A durable timer that fires once at <paramref name="fireAt"/>.</summary>
    public abstract Task CreateTimer(DateTimeOffset fireAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for the next event named <paramref name="name"/> raised for this run (<c>IWorkflowClient.RaiseEventAsync</c>,
    /// <c>ipvm raise</c>). Each event is consumed once: the k-th event of a name goes to the k-th wait that receives
    /// one. Past <paramref name="timeout"/> of workflow time it throws <see cref="TimeoutException"/>; which of the
    /// two happened is recorded, so replay sees the same.
    /// </summary>
    public abstract Task<T> WaitForEvent<T>(string name, TimeSpan? timeout = null);

    /// <summary>
    /// Runs another registered workflow as a child run (its id is this run's id, a dot, and the child's position)
    /// and returns its result; a child that already finished returns its receipt's output. A child that fails
    /// throws <see cref="TaskFailedException"/>.
    /// </summary>
    public abstract Task<Ipld.IpldValue> CallWorkflowAsync(string workflow, Ipld.IpldValue input);

    /// <summary>Runs a child workflow and decodes its result with the registered IPLD codec.</summary>
    public async Task<TResult> CallWorkflowAsync<TResult>(string workflow, Ipld.IpldValue input) =>
        Ipld.IpldCodecs.Decode<TResult>(await CallWorkflowAsync(workflow, input));

    /// <summary>
    /// Calls a task: builds its instruction, returns the recorded output at once when a receipt exists, and
    /// otherwise schedules it and completes when its receipt commits. An error receipt throws
    /// <see cref="TaskFailedException"/>.
    /// </summary>
    public Task<Ipld.IpldValue> CallTaskAsync(TaskDescriptor task, Ipld.IpldValue input) => CallTask(task, input).Result;

    /// <summary>
    /// Calls an exported function of a WebAssembly module (a <c>wasm/run</c> task, pure): returns the recorded output at
    /// once when a receipt exists, otherwise runs it on the engine. <paramref name="arguments"/> map to the function's
    /// parameters as in docs/wasm-tasks.md (integers, floats, bools; bytes and strings through the module's
    /// <c>alloc</c>) and may be promises of earlier calls. A trap or a bad argument throws <see cref="TaskFailedException"/>.
    /// </summary>
    public Task<Ipld.IpldValue> CallWasmAsync(WasmFunction function, params Ipld.IpldValue[] arguments) => CallWasm(function, arguments).Result;

    /// <summary>
    /// Issues a WebAssembly call and returns at once with its instruction CID and pending result, so a later call can
    /// take its output as a promise (<see cref="TaskCall.Promise"/>) without the bytes passing through the workflow.
    /// </summary>
    public TaskCall CallWasm(WasmFunction function, params Ipld.IpldValue[] arguments)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        return CallTask(function.Descriptor, Ipld.IpldList.Create(arguments), function.Meta);
    }

    /// <summary>Issues a task call with <paramref name="meta"/> limits (not part of its CID); a context that cannot pass them issues it without.</summary>
    internal virtual TaskCall CallTask(TaskDescriptor task, Ipld.IpldValue input, TaskMeta? meta) => CallTask(task, input);

    /// <summary>
    /// Issues a task call and returns at once with its instruction CID and its pending result. <paramref name="input"/>
    /// may hold promises of earlier calls (<see cref="TaskCall.Promise"/>); the engine resolves them before the task
    /// runs, and the instruction keeps the promise, as the IPVM DAG of a static workflow does.
    /// </summary>
    public abstract TaskCall CallTask(TaskDescriptor task, Ipld.IpldValue input);
}
