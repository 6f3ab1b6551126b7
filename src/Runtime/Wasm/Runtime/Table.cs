namespace Ipvm.Durable.Wasm;

/// <summary>A table of references (funcref: <see cref="Function"/> or null; externref: any object or null).</summary>
public sealed class Table
{
    /// <summary>Tables above this many elements are refused (limits untrusted growth).</summary>
    public const uint MaxElements = 10_000_000;

    /// <summary>The elements; replaced when the table grows.</summary>
    internal object?[] Elements;

    /// <summary>Creates a table of <paramref name="initial"/> elements set to <paramref name="fill"/>.</summary>
    public Table(ValueKind elementKind, uint initial, uint? maximum = null, object? fill = null)
    {
        if (!elementKind.IsReference())
        {
            throw new ArgumentOutOfRangeException(nameof(elementKind), "A table holds funcref or externref.");
        }

        if (initial > MaxElements)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), $"Tables are limited to {MaxElements} elements.");
        }

        ElementKind = elementKind;
        Maximum = maximum;
        Elements = new object?[initial];
        if (fill is not null)
        {
            Array.Fill(Elements, fill);
        }
    }

    /// <summary>funcref or externref.</summary>
    public ValueKind ElementKind { get; }

    /// <summary>The declared maximum, if any.</summary>
    public uint? Maximum { get; }

    /// <summary>The current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    internal TableType Type => new(ElementKind, new Limits(Size, Maximum));

    /// <summary>Reads an element.</summary>
    public Value Get(uint index) =>
        index < Elements.Length ? ElementKind == ValueKind.FuncRef ? Value.FromFunction((Function?)Elements[index]) : Value.FromExtern(Elements[index])
        : throw new WasmTrapException(TrapCode.TableOutOfBounds);

    /// <summary>Writes an element.</summary>
    public void Set(uint index, Value value)
    {
        if (index >= Elements.Length)
        {
            throw new WasmTrapException(TrapCode.TableOutOfBounds);
        }

        Elements[index] = value.Reference;
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="fill"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, object? fill)
    {
        var old = Size;
        var target = (long)old + delta;
        if (target > (Maximum ?? uint.MaxValue) || target > MaxElements)
        {
            return -1;
        }

        var grown = new object?[target];
        Elements.AsSpan().CopyTo(grown);
        grown.AsSpan((int)old).Fill(fill);
        Elements = grown;
        return (int)old;
    }
}
