using BenchmarkDotNet.Attributes;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Benchmarks;

/// <summary>DAG-JSON encode and decode of the Homestar image-pipeline workflow and the 10,000-entry map.</summary>
[MemoryDiagnoser]
public class DagJsonBenchmarks
{
    private IpldValue _pipeline = null!;
    private byte[] _pipelineJson = null!;
    private IpldValue _smallMap = null!;
    private byte[] _smallMapJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cbor = File.ReadAllBytes(Path.Combine(BenchmarkData.ConformanceDirectory(), "homestar-fixtures", "test-workflow-image-pipeline.cbor"));
        _pipeline = DagCbor.Decode(cbor);
        _pipelineJson = DagJson.Encode(_pipeline);
        _smallMap = BenchmarkData.SmallMap(10_000);
        _smallMapJson = DagJson.Encode(_smallMap);
    }

    [Benchmark]
    public byte[] EncodeImagePipeline() => DagJson.Encode(_pipeline);

    [Benchmark]
    public IpldValue DecodeImagePipeline() => DagJson.Decode(_pipelineJson);

    [Benchmark]
    public byte[] EncodeSmallMap10k() => DagJson.Encode(_smallMap);

    [Benchmark]
    public IpldValue DecodeSmallMap10k() => DagJson.Decode(_smallMapJson);
}
