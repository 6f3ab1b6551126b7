namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Moves values between <see cref="Value"/> arrays and IL-typed values in generated stubs.</summary>
internal static class ValueCodec
{
    public static int GetI32(Value[] values, int index) => (int)values[index].Bits;

    public static long GetI64(Value[] values, int index) => values[index].Bits;

    public static float GetF32(Value[] values, int index) => BitConverter.Int32BitsToSingle((int)values[index].Bits);

    public static double GetF64(Value[] values, int index) => BitConverter.Int64BitsToDouble(values[index].Bits);

    public static object? GetRef(Value[] values, int index) => values[index].Reference;

    public static void SetI32(Value[] values, int index, int value) => values[index] = Value.FromInt32(value);

    public static void SetI64(Value[] values, int index, long value) => values[index] = Value.FromInt64(value);

    public static void SetF32(Value[] values, int index, float value) => values[index] = Value.FromSingleBits(BitConverter.SingleToInt32Bits(value));

    public static void SetF64(Value[] values, int index, double value) => values[index] = Value.FromDoubleBits(BitConverter.DoubleToInt64Bits(value));

    public static void SetFuncRef(Value[] values, int index, object? value) => values[index] = Value.FromFunction((Function?)value);

    public static void SetExternRef(Value[] values, int index, object? value) => values[index] = Value.FromExtern(value);

    public static string GetterName(ValueKind kind) => kind switch
    {
        ValueKind.I32 => nameof(GetI32),
        ValueKind.I64 => nameof(GetI64),
        ValueKind.F32 => nameof(GetF32),
        ValueKind.F64 => nameof(GetF64),
        _ => nameof(GetRef),
    };

    public static string SetterName(ValueKind kind) => kind switch
    {
        ValueKind.I32 => nameof(SetI32),
        ValueKind.I64 => nameof(SetI64),
        ValueKind.F32 => nameof(SetF32),
        ValueKind.F64 => nameof(SetF64),
        ValueKind.FuncRef => nameof(SetFuncRef),
        _ => nameof(SetExternRef),
    };

    /// <summary>Calls a host callback from a trampoline; checks the callback produced the declared result kinds.</summary>
    /// <summary>One more than the call depth left when the innermost host function on this thread was called from a guest; 0 outside host functions.</summary>
    [ThreadStatic]
    private static int t_hostCallDepthPlusOne;

    /// <summary>The depth available to a guest call made from a host function, if the thread is inside one.</summary>
    public static bool TryGetHostCallDepth(out int depth)
    {
        depth = t_hostCallDepthPlusOne - 1;
        return t_hostCallDepthPlusOne > 0;
    }

    public static Value[] CallHost(InstanceContext context, Value[] arguments, FuncType type, int depth)
    {
        var results = new Value[type.ResultKinds.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Value.Default(type.Results[i]);
        }

        var saved = t_hostCallDepthPlusOne;
        t_hostCallDepthPlusOne = Math.Max(0, depth) + 1;
        try
        {
            context.Host!(arguments, results);
        }
        finally
        {
            t_hostCallDepthPlusOne = saved;
        }

        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Kind != type.Results[i])
            {
                throw new InvalidOperationException($"Host function returned {results[i].Kind.Name()} for result {i}, declared {type.Results[i].Name()}.");
            }
        }

        return results;
    }
}
