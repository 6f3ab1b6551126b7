using System.Reflection.Emit;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>
/// A control frame during compilation. Values below <see cref="Height"/> stay on the IL evaluation stack
/// across the whole frame; values carried by a branch travel through shared temporaries, so every branch
/// to <see cref="Label"/> arrives with exactly <see cref="Height"/> values on the IL stack.
/// </summary>
internal sealed class CompilerFrame
{
    public required byte Opcode { get; set; }
    public required ValueKind[] Parameters { get; init; }
    public required ValueKind[] Results { get; init; }
    public required int Height { get; init; }

    /// <summary>The branch target: the end of a block or if, the start of a loop, the epilogue of the function.</summary>
    public required Label Label { get; init; }

    /// <summary>For if: where the condition jumps when false.</summary>
    public Label ElseLabel { get; init; }

    /// <summary>Whether a branch targets <see cref="Label"/> (else its values never left the IL stack).</summary>
    public bool LabelUsed { get; set; }

    public bool IsLoop => Opcode == 0x03;

    public ValueKind[] LabelTypes => IsLoop ? Parameters : Results;
}
