namespace Ipvm.Durable.Wasm.Validation;

/// <summary>A block, loop, if or the function body during validation (the spec's ctrl_frame).</summary>
internal sealed class ControlFrame
{
    public required byte Opcode { get; init; }
    public required ValueKind[] StartTypes { get; init; }
    public required ValueKind[] EndTypes { get; init; }
    public required int Height { get; init; }
    public bool Unreachable { get; set; }
    public bool SeenElse { get; set; }

    /// <summary>Branches to a loop go back to its start and carry its parameters.</summary>
    public ValueKind[] LabelTypes => Opcode == 0x03 ? StartTypes : EndTypes;
}
