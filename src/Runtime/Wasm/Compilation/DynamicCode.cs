using System.Reflection;
using System.Reflection.Emit;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Creates the dynamic assemblies that hold generated code. Their name is a friend of this assembly.</summary>
internal static class DynamicCode
{
    public const string AssemblyName = "Ipvm.Durable.Wasm.Dynamic";

    private static readonly Lazy<ModuleBuilder> Shared = new(() => NewModule(AssemblyBuilderAccess.Run));

    /// <summary>The long-lived module for per-signature stubs.</summary>
    public static ModuleBuilder SharedModule => Shared.Value;

    /// <summary>A collectible module for one compiled WebAssembly module.</summary>
    public static ModuleBuilder NewCollectibleModule() => NewModule(AssemblyBuilderAccess.RunAndCollect);

    private static ModuleBuilder NewModule(AssemblyBuilderAccess access)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(AssemblyName), access);
        return assembly.DefineDynamicModule(AssemblyName);
    }

    public static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new MissingMethodException(type.Name, name);
}
