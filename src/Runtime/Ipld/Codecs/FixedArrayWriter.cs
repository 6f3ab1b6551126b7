using System.Buffers;

namespace Ipvm.Durable.Ipld;

/// <summary>An <see cref="IBufferWriter{T}"/> over an array sized in advance; asking for more than remains is a bug.</summary>
internal sealed class FixedArrayWriter(byte[] buffer) : IBufferWriter<byte>
{
    private int _written;

    public int Written => _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(_written);
}
