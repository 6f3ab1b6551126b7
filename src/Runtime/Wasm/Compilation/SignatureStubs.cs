using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Calls compiled code from the host through <see cref="Value"/> arrays.</summary>
internal delegate void FunctionInvoker(nint code, InstanceContext context, Value[] arguments, Value[] results, int depth);

/// <summary>
/// Per-signature generated glue: an invoker (host to compiled code, by calli) and a host trampoline
/// (compiled code to a host callback, with the compiled calling convention so tables can hold it).
/// </summary>
internal sealed class SignatureStubs
{
    private static readonly ConcurrentDictionary<FuncType, SignatureStubs> Cache = new();
    private static readonly Lock TypeLock = new();
    private static int _counter;

    private SignatureStubs(FunctionInvoker invoker, nint hostTrampoline, Type holder)
    {
        Invoker = invoker;
        HostTrampoline = hostTrampoline;
        Holder = holder;
    }

    public FunctionInvoker Invoker { get; }

    public nint HostTrampoline { get; }

    /// <summary>Keeps the stub type reachable.</summary>
    public Type Holder { get; }

    public static SignatureStubs For(FuncType type) => Cache.TryGetValue(type, out var stubs) ? stubs : Cache.GetOrAdd(type, Create);

    private static SignatureStubs Create(FuncType type)
    {
        lock (TypeLock)
        {
            var builder = DynamicCode.SharedModule.DefineType($"Stubs{++_counter}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            EmitInvoker(builder, type);
            EmitTrampoline(builder, type);
            var created = builder.CreateType();
            var invoker = created.GetMethod("Invoke")!.CreateDelegate<FunctionInvoker>();
            var trampoline = created.GetMethod("Trampoline")!.MethodHandle.GetFunctionPointer();
            return new SignatureStubs(invoker, trampoline, created);
        }
    }

    private static void EmitInvoker(TypeBuilder builder, FuncType type)
    {
        var method = builder.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.Static, typeof(void),
            [typeof(nint), typeof(InstanceContext), typeof(Value[]), typeof(Value[]), typeof(int)]);
        var il = method.GetILGenerator();
        for (var i = 0; i < type.ParameterKinds.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Call, DynamicCode.Method(typeof(ValueCodec), ValueCodec.GetterName(type.Parameters[i])));
        }

        var results = type.Results.Select(r => il.DeclareLocal(ClrTypes.Of(r))).ToArray();

        // The callee's frame is allocated before its own check runs, so the host entry probes first.
        var probe = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.Store))!);
        il.Emit(OpCodes.Ldloca, probe);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Call, DynamicCode.Method(typeof(Traps), nameof(Traps.ProbeStack)));
        for (var k = 1; k < results.Length; k++)
        {
            il.Emit(OpCodes.Ldloca, results[k]);
        }

        il.Emit(OpCodes.Ldarg, 4);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_0);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
        if (results.Length > 0)
        {
            il.Emit(OpCodes.Stloc, results[0]);
        }

        for (var k = 0; k < results.Length; k++)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldloc, results[k]);
            il.Emit(OpCodes.Call, DynamicCode.Method(typeof(ValueCodec), ValueCodec.SetterName(type.Results[k])));
        }

        il.Emit(OpCodes.Ret);
    }

    private static void EmitTrampoline(TypeBuilder builder, FuncType type)
    {
        var parameterTypes = ClrTypes.ParameterTypes(type);
        var method = builder.DefineMethod("Trampoline", MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(type), parameterTypes);
        var il = method.GetILGenerator();
        var arguments = il.DeclareLocal(typeof(Value[]));
        var results = il.DeclareLocal(typeof(Value[]));
        il.Emit(OpCodes.Ldc_I4, type.ParameterKinds.Length);
        il.Emit(OpCodes.Newarr, typeof(Value));
        il.Emit(OpCodes.Stloc, arguments);
        for (var i = 0; i < type.ParameterKinds.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, arguments);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, i);
            il.Emit(OpCodes.Call, DynamicCode.Method(typeof(ValueCodec), ValueCodec.SetterName(type.Parameters[i])));
        }

        var typeHolder = TypeRegistry.Register(type);
        il.Emit(OpCodes.Ldarg, parameterTypes.Length - 1);
        il.Emit(OpCodes.Ldloc, arguments);
        il.Emit(OpCodes.Ldc_I4, typeHolder);
        il.Emit(OpCodes.Call, DynamicCode.Method(typeof(TypeRegistry), nameof(TypeRegistry.Get)));
        il.Emit(OpCodes.Ldarg, parameterTypes.Length - 2);
        il.Emit(OpCodes.Call, DynamicCode.Method(typeof(ValueCodec), nameof(ValueCodec.CallHost)));
        il.Emit(OpCodes.Stloc, results);
        for (var k = 1; k < type.ResultKinds.Length; k++)
        {
            il.Emit(OpCodes.Ldarg, type.ParameterKinds.Length + k - 1);
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Call, DynamicCode.Method(typeof(ValueCodec), ValueCodec.GetterName(type.Results[k])));
            IlStores.StoreIndirect(il, type.Results[k]);
        }

        if (type.ResultKinds.Length > 0)
        {
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Call, DynamicCode.Method(typeof(ValueCodec), ValueCodec.GetterName(type.Results[0])));
        }

        il.Emit(OpCodes.Ret);
    }
}

/// <summary>Lets generated code name a <see cref="FuncType"/> by a small integer.</summary>
internal static class TypeRegistry
{
    private static readonly ConcurrentDictionary<int, FuncType> Types = new();

    public static int Register(FuncType type)
    {
        var id = type.CanonicalId;
        Types.TryAdd(id, type);
        return id;
    }

    public static FuncType Get(int id) => Types[id];
}

/// <summary>Indirect loads and stores by value kind.</summary>
internal static class IlStores
{
    public static void StoreIndirect(ILGenerator il, ValueKind kind)
    {
        switch (kind)
        {
            case ValueKind.I32: il.Emit(OpCodes.Stind_I4); break;
            case ValueKind.I64: il.Emit(OpCodes.Stind_I8); break;
            case ValueKind.F32: il.Emit(OpCodes.Stind_R4); break;
            case ValueKind.F64: il.Emit(OpCodes.Stind_R8); break;
            default: il.Emit(OpCodes.Stind_Ref); break;
        }
    }
}
