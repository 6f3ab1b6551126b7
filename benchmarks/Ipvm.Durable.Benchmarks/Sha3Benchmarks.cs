using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Benchmarks;

/// <summary>
/// SHA3-256 of small blocks: the managed digest behind <see cref="Multihash.Compute"/> against the platform's
/// <see cref="SHA3_256"/> (OpenSSL's EVP on Linux). IPVM blocks are mostly 100-300 bytes.
/// </summary>
[MemoryDiagnoser]
public class Sha3Benchmarks
{
    private readonly byte[] _digest = new byte[32];
    private byte[] _data = [];

    /// <summary>The input length in bytes.</summary>
    [Params(64, 200, 1024)]
    public int Size { get; set; }

    /// <summary>Builds the input for <see cref="Size"/>.</summary>
    [GlobalSetup]
    public void Setup() => _data = BenchmarkData.Bytes(Size).Span.ToArray();

    [Benchmark(Baseline = true)]
    public int PlatformSha3() => SHA3_256.HashData(_data, _digest);

    [Benchmark]
    public byte ManagedSha3()
    {
        Multihash.Compute(MultihashCode.Sha3_256, _data, _digest);
        return _digest[0];
    }
}
