using System.Text.Json;
using Ipvm.Durable.Ipld.Tests.Conformance;

namespace Ipvm.Durable.Ipld.Tests;

/// <summary>
/// The IPLD core reproduces Homestar's CIDs: DAG-JSON workflow files decoded, each task's `run` object encoded
/// as DAG-CBOR and hashed with sha3-256, gives the instruction CIDs of expected-cids.json; the invocation and
/// workflow CIDs match too. The `fuel` value 18446744073709552000 is over the u64 range, so it must be read as a
/// float64, as Homestar's decoder reads it, for these CIDs to match.
/// </summary>
public sealed class HomestarInteropTests
{
    private static string FixtureDirectory => Path.Combine(Path.GetDirectoryName(ConformancePaths.IpldCodecFixtures)!, "homestar-fixtures");

    public static TheoryData<string> WorkflowFiles()
    {
        var data = new TheoryData<string>();
        foreach (var property in Expected().EnumerateObject())
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Instruction_invocation_and_workflow_cids_match_Homestar(string file)
    {
        var expected = Expected().GetProperty(file);
        var workflow = DagJson.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, file))).AsMap();
        var tasks = workflow["tasks"].AsList();

        Assert.Equal(expected.GetProperty("tasks").GetArrayLength(), tasks.Count);
        foreach (var task in expected.GetProperty("tasks").EnumerateArray())
        {
            var index = task.GetProperty("index").GetInt32();
            var run = tasks[index].AsMap()["run"];
            Assert.Equal(task.GetProperty("instruction_cid").GetString(), DagCbor.ComputeCid(run, MultihashCode.Sha3_256).ToString());
            var invocation = IpldMap.Create(("task", tasks[index]));
            Assert.Equal(task.GetProperty("invocation_cid").GetString(), DagCbor.ComputeCid(invocation, MultihashCode.Sha3_256).ToString());
        }

        var workflowCid = DagCbor.ComputeCid(IpldMap.Create(("tasks", tasks)), MultihashCode.Sha3_256);
        Assert.Equal(expected.GetProperty("workflow_cid").GetString(), workflowCid.ToString());
    }

    [Fact]
    public void The_over_range_fuel_integer_reads_as_a_float64()
    {
        var workflow = DagJson.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "test-workflow-add-one.json"))).AsMap();
        var fuel = workflow["tasks"].AsList()[0].AsMap()["meta"].AsMap()["fuel"];

        var asFloat = Assert.IsType<IpldFloat>(fuel);
        Assert.Equal(18446744073709551616.0, asFloat.Value);
        Assert.Equal([0xfb, 0x43, 0xf0, 0, 0, 0, 0, 0, 0], DagCbor.Encode(fuel));
    }

    [Fact]
    public void The_image_pipeline_cbor_fixture_round_trips_byte_for_byte_and_matches_its_json_form()
    {
        var cbor = File.ReadAllBytes(Path.Combine(FixtureDirectory, "test-workflow-image-pipeline.cbor"));
        var json = DagJson.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "test-workflow-image-pipeline.json")));

        var value = DagCbor.Decode(cbor);

        Assert.Equal(cbor, DagCbor.Encode(value));
        Assert.Equal(json, value.AsMap()["workflow"]);
        Assert.Equal("test", value.AsMap()["name"].AsString());
    }

    private static JsonElement Expected()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(FixtureDirectory, "expected-cids.json")));
        return document.RootElement.GetProperty("fixtures").Clone();
    }
}
