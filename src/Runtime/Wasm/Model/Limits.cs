namespace Ipvm.Durable.Wasm;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
/// <param name="Minimum">The initial size.</param>
/// <param name="Maximum">The maximum size, if any.</param>
public readonly record struct Limits(uint Minimum, uint? Maximum)
{
    /// <summary>Whether limits <paramref name="actual"/> of an import satisfy these declared limits.</summary>
    internal bool IsSatisfiedBy(Limits actual) =>
        actual.Minimum >= Minimum && (Maximum is null || (actual.Maximum is { } max && max <= Maximum.Value));
}

/// <summary>The type of a table: element reference type and limits.</summary>
/// <param name="ElementKind">funcref or externref.</param>
/// <param name="Limits">Size limits in elements.</param>
public readonly record struct TableType(ValueKind ElementKind, Limits Limits);

/// <summary>The type of a global: value type and mutability.</summary>
/// <param name="Kind">The value type.</param>
/// <param name="Mutable">Whether global.set may change it.</param>
public readonly record struct GlobalType(ValueKind Kind, bool Mutable);
