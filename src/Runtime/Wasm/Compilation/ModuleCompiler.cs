using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Ipvm.Durable.Wasm.Validation;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Compiles every defined function of a validated module into static methods of one collectible type.</summary>
internal static class ModuleCompiler
{
    public static CompiledModule Compile(ModuleDefinition module, ModuleContext context, bool meterFuel)
    {
        if (module.Types.Any(t => t.Parameters.Contains(ValueKind.V128) || t.Results.Contains(ValueKind.V128)))
        {
            throw new WasmValidationException("SIMD (v128) is not implemented", 0);
        }

        var type = DynamicCode.NewCollectibleModule().DefineType("WasmModule", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var defined = module.Bodies.Count;
        var methods = new MethodBuilder[defined];
        for (var i = 0; i < defined; i++)
        {
            var signature = module.FunctionType(module.ImportedFunctionCount + i);
            methods[i] = type.DefineMethod($"f{i}", MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(signature), ClrTypes.ParameterTypes(signature));
            methods[i].SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
        }

        long maxFrame = 0;
        for (var i = 0; i < defined; i++)
        {
            var functionIndex = module.ImportedFunctionCount + i;
            var compiler = new FunctionCompiler(module, methods, functionIndex, meterFuel, context.FunctionsAccessingMemory.Contains(functionIndex));
            compiler.Compile();
            maxFrame = Math.Max(maxFrame, compiler.EstimatedFrameBytes);
        }

        var created = type.CreateType();
        var entryPoints = new nint[defined];
        for (var i = 0; i < defined; i++)
        {
            var handle = created.GetMethod($"f{i}")!.MethodHandle;
            Prepare(handle, module.ImportedFunctionCount + i);
            entryPoints[i] = handle.GetFunctionPointer();
        }

        return new CompiledModule(created, entryPoints, maxFrame);
    }

    /// <summary>
    /// JIT-compiles a function now rather than at its first call: a cached module then instantiates and runs
    /// without compiling, and a function the JIT cannot handle (far beyond any real program's size) is rejected
    /// here as invalid instead of failing in the middle of a call.
    /// </summary>
    private static void Prepare(RuntimeMethodHandle handle, int functionIndex)
    {
        try
        {
            RuntimeHelpers.PrepareMethod(handle);
        }
        catch (InvalidProgramException e)
        {
            throw new WasmValidationException($"function exceeds the JIT's limits: {e.Message}", 0, functionIndex);
        }
    }
}
