namespace Ipvm.Durable.Wasm;

/// <summary>An import could not be satisfied: missing, or of an incompatible type.</summary>
public sealed class WasmLinkException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public WasmLinkException(string reason, string moduleName, string name)
        : base($"cannot link import \"{moduleName}\" \"{name}\": {reason}")
    {
        Reason = reason;
        ModuleName = moduleName;
        ImportName = name;
    }

    /// <summary>"unknown import" or "incompatible import type" with details.</summary>
    public string Reason { get; }

    /// <summary>The import's module name.</summary>
    public string ModuleName { get; }

    /// <summary>The import's item name.</summary>
    public string ImportName { get; }
}
