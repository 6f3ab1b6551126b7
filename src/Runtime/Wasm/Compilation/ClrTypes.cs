namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>How WebAssembly values are represented in IL, and the calling convention of compiled functions.</summary>
internal static class ClrTypes
{
    public static Type Of(ValueKind kind) => kind switch
    {
        ValueKind.I32 => typeof(int),
        ValueKind.I64 => typeof(long),
        ValueKind.F32 => typeof(float),
        ValueKind.F64 => typeof(double),
        ValueKind.FuncRef or ValueKind.ExternRef => typeof(object),
        _ => throw new NotSupportedException("SIMD (v128) is not implemented."),
    };

    /// <summary>The first result is returned; further results are written through trailing by-ref parameters.</summary>
    public static Type ReturnType(FuncType type) => type.ResultKinds.Length == 0 ? typeof(void) : Of(type.ResultKinds[0]);

    /// <summary>
    /// Parameters, then one by-ref per result after the first, then the remaining call depth (an argument,
    /// so counting calls costs no memory traffic), then the <see cref="InstanceContext"/>.
    /// </summary>
    public static Type[] ParameterTypes(FuncType type)
    {
        var types = new List<Type>(type.ParameterKinds.Length + type.ResultKinds.Length + 1);
        types.AddRange(type.Parameters.Select(Of));
        types.AddRange(type.Results.Skip(1).Select(r => Of(r).MakeByRefType()));
        types.Add(typeof(int));
        types.Add(typeof(InstanceContext));
        return [.. types];
    }
}
