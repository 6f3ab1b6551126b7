using System.Reflection.Emit;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>
/// NaN canonicalization is deferred: float arithmetic leaves "dirty" results, and only where bits can be
/// observed (stores, locals, globals, reinterpretation, sign operations, calls, block results, returns)
/// is a dirty value replaced by the canonical NaN if it is one. Comparisons and further arithmetic do
/// not observe NaN payloads, so a chain of arithmetic pays for one check instead of one per operator.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void EmitCanonicalize(ValueKind kind)
    {
        if (kind == ValueKind.F32)
        {
            Numeric(nameof(NumericOps.Canon32));
        }
        else if (kind == ValueKind.F64)
        {
            Numeric(nameof(NumericOps.Canon64));
        }
    }

    private void CanonicalizeTopInPlace()
    {
        var top = _stack.Peek();
        if (top.Dirty)
        {
            EmitCanonicalize(top.Kind);
            _stack.MarkClean(1);
        }
    }

    /// <summary>Canonicalizes the dirty values among the top <paramref name="count"/>, passing through temporaries.</summary>
    private void CanonicalizeTop(int count)
    {
        if (count == 0 || !_stack.AnyDirty(count))
        {
            return;
        }

        var slots = Enumerable.Range(0, count).Select(i => _stack.Peek(count - 1 - i)).ToArray();
        for (var k = count - 1; k >= 0; k--)
        {
            _il.Emit(OpCodes.Stloc, Temporary(slots[k].Kind, 960 + k));
        }

        for (var k = 0; k < count; k++)
        {
            _il.Emit(OpCodes.Ldloc, Temporary(slots[k].Kind, 960 + k));
            if (slots[k].Dirty)
            {
                EmitCanonicalize(slots[k].Kind);
            }
        }

        _stack.MarkClean(count);
    }
}
