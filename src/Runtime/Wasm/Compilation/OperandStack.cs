namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>
/// One value on the compile-time model of the operand stack.
/// </summary>
/// <param name="Kind">Its type.</param>
/// <param name="Dirty">A float arithmetic result not yet canonicalized: it may be a NaN with a platform-chosen payload.</param>
/// <param name="Local">The local it is an unchanged copy of, or -1 (lets repeated bounds checks on one address be skipped).</param>
internal readonly record struct StackSlot(ValueKind Kind, bool Dirty, int Local);

/// <summary>The compiler's model of the WebAssembly operand stack (which the IL evaluation stack holds at run time).</summary>
internal sealed class OperandStack
{
    private readonly List<StackSlot> _slots = new(32);

    public int Count => _slots.Count;

    /// <summary>The deepest the stack got (for the frame-size estimate).</summary>
    public int MaxCount { get; private set; }

    public void Push(ValueKind kind, bool dirty = false, int local = -1)
    {
        _slots.Add(new StackSlot(kind, dirty, local));
        MaxCount = Math.Max(MaxCount, _slots.Count);
    }

    public void PushAll(ValueKind[] kinds)
    {
        foreach (var kind in kinds)
        {
            Push(kind);
        }
    }

    public StackSlot Pop()
    {
        var slot = _slots[^1];
        _slots.RemoveAt(_slots.Count - 1);
        return slot;
    }

    public void PopMany(int count) => _slots.RemoveRange(_slots.Count - count, count);

    /// <summary>The slot <paramref name="depth"/> places below the top (0 is the top).</summary>
    public StackSlot Peek(int depth = 0) => _slots[_slots.Count - 1 - depth];

    public void Truncate(int height) => _slots.RemoveRange(height, _slots.Count - height);

    public bool AnyDirty(int topCount)
    {
        for (var i = 0; i < topCount; i++)
        {
            if (_slots[_slots.Count - 1 - i].Dirty)
            {
                return true;
            }
        }

        return false;
    }

    public void MarkClean(int topCount)
    {
        for (var i = _slots.Count - topCount; i < _slots.Count; i++)
        {
            _slots[i] = _slots[i] with { Dirty = false };
        }
    }

    /// <summary>After a write to <paramref name="local"/>, copies of its old value no longer equal it.</summary>
    public void ForgetLocal(int local)
    {
        for (var i = 0; i < _slots.Count; i++)
        {
            if (_slots[i].Local == local)
            {
                _slots[i] = _slots[i] with { Local = -1 };
            }
        }
    }
}
