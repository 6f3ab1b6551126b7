using System.Reflection;

namespace Ipvm.Durable.Wasm;

/// <summary>Turns ordinary .NET delegates into host functions by reading their signature.</summary>
internal static class HostDelegates
{
    public static Function Wrap(Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var invoke = callback.GetType().GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => KindOf(p.ParameterType)).ToArray();
        var results = invoke.ReturnType == typeof(void) ? [] : new[] { KindOf(invoke.ReturnType) };
        var type = new FuncType(parameters, results);
        return Function.FromCallback(type, (arguments, output) =>
        {
            var boxed = new object?[arguments.Length];
            for (var i = 0; i < boxed.Length; i++)
            {
                boxed[i] = ToClr(arguments[i]);
            }

            object? result;
            try
            {
                result = callback.DynamicInvoke(boxed);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            if (results.Length == 1)
            {
                output[0] = FromClr(results[0], result);
            }
        });
    }

    public static ValueKind KindOf(Type type) =>
        type == typeof(int) ? ValueKind.I32
        : type == typeof(long) ? ValueKind.I64
        : type == typeof(float) ? ValueKind.F32
        : type == typeof(double) ? ValueKind.F64
        : type == typeof(Function) ? ValueKind.FuncRef
        : type == typeof(object) ? ValueKind.ExternRef
        : throw new ArgumentException($"Type {type} has no WebAssembly equivalent.", nameof(type));

    public static object? ToClr(Value value) => value.Kind switch
    {
        ValueKind.I32 => value.AsInt32(),
        ValueKind.I64 => value.AsInt64(),
        ValueKind.F32 => value.AsSingle(),
        ValueKind.F64 => value.AsDouble(),
        _ => value.Reference,
    };

    public static Value FromClr(ValueKind kind, object? value) => kind switch
    {
        ValueKind.I32 => Value.FromInt32((int)value!),
        ValueKind.I64 => Value.FromInt64((long)value!),
        ValueKind.F32 => Value.FromSingle((float)value!),
        ValueKind.F64 => Value.FromDouble((double)value!),
        ValueKind.FuncRef => Value.FromFunction((Function?)value),
        _ => Value.FromExtern(value),
    };
}
