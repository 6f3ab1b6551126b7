using BenchmarkDotNet.Attributes;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Benchmarks;

/// <summary>CID of a 200-byte block, and CID text round trips.</summary>
[MemoryDiagnoser]
public class CidBenchmarks
{
    private readonly byte[] _block = BenchmarkData.Bytes(200).Span.ToArray();
    private readonly string _text = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, [1, 2, 3]).ToString();

    [Benchmark(Baseline = true)]
    public Cid Cid200BytesSha2() => Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha2_256, _block);

    [Benchmark]
    public Cid Cid200BytesSha3() => Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, _block);

    [Benchmark]
    public string FormatCid() => Cid.Parse(_text).ToString('z');

    [Benchmark]
    public Cid ParseCid() => Cid.Parse(_text);
}
