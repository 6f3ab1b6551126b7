namespace Ipvm.Durable.Wasm.Wast;

/// <summary>The "spectest" module every spec script may import.</summary>
public static class SpecTestHost
{
    /// <summary>Defines spectest's functions, globals, table and memory in <paramref name="linker"/>.</summary>
    public static void Define(Linker linker, Store store)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(store);
        static void Ignore(ReadOnlySpan<Value> arguments, Span<Value> results)
        {
        }

        const ValueKind I32 = ValueKind.I32, I64 = ValueKind.I64, F32 = ValueKind.F32, F64 = ValueKind.F64;
        linker.DefineFunction("spectest", "print", new FuncType([], []), Ignore);
        linker.DefineFunction("spectest", "print_i32", new FuncType([I32], []), Ignore);
        linker.DefineFunction("spectest", "print_i64", new FuncType([I64], []), Ignore);
        linker.DefineFunction("spectest", "print_f32", new FuncType([F32], []), Ignore);
        linker.DefineFunction("spectest", "print_f64", new FuncType([F64], []), Ignore);
        linker.DefineFunction("spectest", "print_i32_f32", new FuncType([I32, F32], []), Ignore);
        linker.DefineFunction("spectest", "print_f64_f64", new FuncType([F64, F64], []), Ignore);
        linker.Define("spectest", "global_i32", new Global(I32, false, Value.FromInt32(666)));
        linker.Define("spectest", "global_i64", new Global(I64, false, Value.FromInt64(666)));
        linker.Define("spectest", "global_f32", new Global(F32, false, Value.FromSingle(666.6f)));
        linker.Define("spectest", "global_f64", new Global(F64, false, Value.FromDouble(666.6)));
        linker.Define("spectest", "table", new Table(ValueKind.FuncRef, 10, 20));
        linker.Define("spectest", "memory", new Memory(1, 2, store.MaxMemoryBytes));
    }
}

/// <summary>The host reference the scripts write as (ref.extern N).</summary>
/// <param name="Id">N.</param>
public sealed record SpecExternReference(ulong Id);
