using Ipvm.Durable.Wasm.Compilation;

namespace Ipvm.Durable.Wasm;

/// <summary>A function: compiled WebAssembly or a host callback, callable from the host and through tables.</summary>
public sealed class Function
{
    /// <summary>Entry point with the engine's calling convention (parameters, result pointers, context).</summary>
    internal readonly nint Code;

    /// <summary>The context passed as the last argument: the defining instance, or a host context.</summary>
    internal readonly InstanceContext Context;

    internal Function(FuncType type, nint code, InstanceContext context)
    {
        Type = type;
        TypeId = type.CanonicalId;
        Code = code;
        Context = context;
    }

    /// <summary>The signature.</summary>
    public FuncType Type { get; }

    /// <summary>Structural signature id compared by call_indirect.</summary>
    internal int TypeId { get; }

    /// <summary>Wraps a host callback as a function of the given signature.</summary>
    public static Function FromCallback(FuncType type, HostFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        var context = new InstanceContext { Store = null, Host = callback };
        return new Function(type, SignatureStubs.For(type).HostTrampoline, context);
    }

    /// <summary>Calls the function. Traps surface as <see cref="WasmTrapException"/>.</summary>
    public Value[] Call(params Value[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != Type.ParameterKinds.Length)
        {
            throw new ArgumentException($"Expected {Type.ParameterKinds.Length} arguments for {Type}, got {arguments.Length}.", nameof(arguments));
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Kind != Type.ParameterKinds[i])
            {
                throw new ArgumentException($"Argument {i} is {arguments[i].Kind.Name()}, expected {Type.ParameterKinds[i].Name()}.", nameof(arguments));
            }
        }

        var results = new Value[Type.ResultKinds.Length];
        if (Context.Host is { } host)
        {
            host(arguments, results);
            return results;
        }

        var store = Context.Store!;
        var savedLimit = store.StackLimit;
        if (store.EntryNesting == 0)
        {
            store.StackLimit = nuint.MaxValue;
        }

        // A guest reached through a host function continues its caller's depth budget.
        var depth = ValueCodec.TryGetHostCallDepth(out var hostDepth) ? Math.Min(hostDepth, store.MaxCallDepth) : store.MaxCallDepth;
        store.EntryNesting++;
        try
        {
            SignatureStubs.For(Type).Invoker(Code, Context, arguments, results, depth);
        }
        finally
        {
            store.EntryNesting--;
            store.SetStackLimit(savedLimit);
        }

        return results;
    }

    /// <inheritdoc/>
    public override string ToString() => $"func {Type}";
}
