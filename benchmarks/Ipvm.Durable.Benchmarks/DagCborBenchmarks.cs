using BenchmarkDotNet.Attributes;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Benchmarks;

/// <summary>DAG-CBOR encode and decode of the shapes issue 2 names.</summary>
[MemoryDiagnoser]
public class DagCborBenchmarks
{
    private IpldValue _megabyte = null!;
    private byte[] _megabyteBytes = null!;
    private IpldValue _smallMap = null!;
    private byte[] _smallMapBytes = null!;
    private IpldValue _pipeline = null!;
    private byte[] _pipelineBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _megabyte = BenchmarkData.Bytes(1024 * 1024);
        _megabyteBytes = DagCbor.Encode(_megabyte);
        _smallMap = BenchmarkData.SmallMap(10_000);
        _smallMapBytes = DagCbor.Encode(_smallMap);
        _pipelineBytes = File.ReadAllBytes(Path.Combine(BenchmarkData.ConformanceDirectory(), "homestar-fixtures", "test-workflow-image-pipeline.cbor"));
        _pipeline = DagCbor.Decode(_pipelineBytes);
        Console.WriteLine($"// sizes: 1 MiB bytes = {_megabyteBytes.Length} B, small map = {_smallMapBytes.Length} B, pipeline = {_pipelineBytes.Length} B");
    }

    [Benchmark]
    public byte[] EncodeBytes1MiB() => DagCbor.Encode(_megabyte);

    [Benchmark]
    public IpldValue DecodeBytes1MiB() => DagCbor.Decode(_megabyteBytes);

    [Benchmark]
    public byte[] EncodeSmallMap10k() => DagCbor.Encode(_smallMap);

    [Benchmark]
    public IpldValue DecodeSmallMap10k() => DagCbor.Decode(_smallMapBytes);

    [Benchmark]
    public byte[] EncodeImagePipeline() => DagCbor.Encode(_pipeline);

    [Benchmark]
    public IpldValue DecodeImagePipeline() => DagCbor.Decode(_pipelineBytes);
}
