using System.Runtime.InteropServices;

namespace Ipvm.Durable.Wasm;

/// <summary>A linear memory: a .NET byte array sized in 64 KiB pages, replaced when it grows.</summary>
public sealed class Memory
{
    /// <summary>Bytes per WebAssembly page.</summary>
    public const int PageSize = 65536;

    /// <summary>The largest memory a .NET array can hold, rounded down to whole pages.</summary>
    public const long MaxSupportedBytes = (long)(int.MaxValue / PageSize) * PageSize;

    /// <summary>The bytes; generated code caches this reference and its length, reloading after calls and grows.</summary>
    internal byte[] Data;

    /// <summary>Creates a memory of <paramref name="minimumPages"/> pages, growable to <paramref name="maximumPages"/>.</summary>
    public Memory(uint minimumPages, uint? maximumPages = null, long maxBytes = MaxSupportedBytes)
    {
        if ((long)minimumPages * PageSize > Math.Min(maxBytes, MaxSupportedBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumPages), $"A memory of {minimumPages} pages exceeds the limit of {maxBytes} bytes.");
        }

        Data = new byte[(long)minimumPages * PageSize];
        Maximum = maximumPages;
        MaxBytes = Math.Min(maxBytes, MaxSupportedBytes);
    }

    /// <summary>The declared maximum in pages, if any.</summary>
    public uint? Maximum { get; }

    /// <summary>The byte limit imposed by the store.</summary>
    public long MaxBytes { get; }

    /// <summary>The current size in pages.</summary>
    public uint Pages => (uint)(Data.Length / PageSize);

    /// <summary>The current size in bytes.</summary>
    public int Length => Data.Length;

    /// <summary>The memory's bytes. Invalidated by <see cref="Grow"/> (and by guest code that grows memory).</summary>
    public Span<byte> Span => Data;

    /// <summary>The type as seen by import matching.</summary>
    internal Limits Limits => new(Pages, Maximum);

    /// <summary>Grows by <paramref name="deltaPages"/> pages; returns the old size in pages, or -1 (nothing changes) past a limit.</summary>
    public int Grow(uint deltaPages)
    {
        var old = Pages;
        var target = (long)old + deltaPages;
        if (target > (Maximum ?? 65536) || target * PageSize > MaxBytes)
        {
            return -1;
        }

        if (deltaPages != 0)
        {
            byte[] grown;
            try
            {
                grown = new byte[target * PageSize];
            }
            catch (OutOfMemoryException)
            {
                // The spec lets memory.grow fail for lack of resources; the guest sees -1, the host survives.
                return -1;
            }

            Data.AsSpan().CopyTo(grown);
            Data = grown;
        }

        return (int)old;
    }

    /// <summary>Reads a little-endian value at <paramref name="address"/> (for hosts).</summary>
    public T Read<T>(int address)
        where T : unmanaged => MemoryMarshal.Read<T>(Data.AsSpan(address));

    /// <summary>Writes a little-endian value at <paramref name="address"/> (for hosts).</summary>
    public void Write<T>(int address, T value)
        where T : unmanaged => MemoryMarshal.Write(Data.AsSpan(address), in value);
}
