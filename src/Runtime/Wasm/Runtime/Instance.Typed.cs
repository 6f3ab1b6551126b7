namespace Ipvm.Durable.Wasm;

public sealed partial class Instance
{
    /// <summary>An exported function of type [] -> [TResult] as a delegate, or null if absent or of another type.</summary>
    public Func<TResult>? GetFunction<TResult>(string name) =>
        Typed(name, [], [typeof(TResult)]) is { } f ? () => (TResult)Single(f.Call())! : null;

    /// <summary>An exported function of type [T1] -> [TResult] as a delegate, or null.</summary>
    public Func<T1, TResult>? GetFunction<T1, TResult>(string name) =>
        Typed(name, [typeof(T1)], [typeof(TResult)]) is { } f ? a => (TResult)Single(f.Call(Arg(a)))! : null;

    /// <summary>An exported function of type [T1 T2] -> [TResult] as a delegate, or null.</summary>
    public Func<T1, T2, TResult>? GetFunction<T1, T2, TResult>(string name) =>
        Typed(name, [typeof(T1), typeof(T2)], [typeof(TResult)]) is { } f ? (a, b) => (TResult)Single(f.Call(Arg(a), Arg(b)))! : null;

    /// <summary>An exported function of type [T1 T2 T3] -> [TResult] as a delegate, or null.</summary>
    public Func<T1, T2, T3, TResult>? GetFunction<T1, T2, T3, TResult>(string name) =>
        Typed(name, [typeof(T1), typeof(T2), typeof(T3)], [typeof(TResult)]) is { } f
            ? (a, b, c) => (TResult)Single(f.Call(Arg(a), Arg(b), Arg(c)))!
            : null;

    /// <summary>An exported function of type [] -> [] as a delegate, or null.</summary>
    public Action? GetAction(string name) => Typed(name, [], []) is { } f ? () => f.Call() : null;

    /// <summary>An exported function of type [T1] -> [] as a delegate, or null.</summary>
    public Action<T1>? GetAction<T1>(string name) => Typed(name, [typeof(T1)], []) is { } f ? a => f.Call(Arg(a)) : null;

    /// <summary>An exported function of type [T1 T2] -> [] as a delegate, or null.</summary>
    public Action<T1, T2>? GetAction<T1, T2>(string name) =>
        Typed(name, [typeof(T1), typeof(T2)], []) is { } f ? (a, b) => f.Call(Arg(a), Arg(b)) : null;

    private Function? Typed(string name, Type[] parameters, Type[] results)
    {
        if (GetFunction(name) is not { } function)
        {
            return null;
        }

        var expected = new FuncType([.. parameters.Select(HostDelegates.KindOf)], [.. results.Select(HostDelegates.KindOf)]);
        return function.Type.Equals(expected) ? function : null;
    }

    private static Value Arg<T>(T value) => HostDelegates.FromClr(HostDelegates.KindOf(typeof(T)), value);

    private static object? Single(Value[] results) => HostDelegates.ToClr(results[0]);
}
