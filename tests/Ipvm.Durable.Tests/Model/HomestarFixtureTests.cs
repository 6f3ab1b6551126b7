using System.Text.Json;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Model;

public class HomestarFixtureTests
{
    public static TheoryData<string> FixtureNames()
    {
        var data = new TheoryData<string>();
        foreach (var fixture in Fixtures.ExpectedCids().GetProperty("fixtures").EnumerateObject())
        {
            data.Add(fixture.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_gives_the_listed_workflow_instruction_and_invocation_cids(string name)
    {
        var expected = Fixtures.ExpectedCids().GetProperty("fixtures").GetProperty(name);
        var workflow = WorkflowReader.Read(Fixtures.Read(name));

        Assert.Equal(expected.GetProperty("workflow_cid").GetString(), workflow.Cid.ToString());
        var tasks = expected.GetProperty("tasks").EnumerateArray().ToArray();
        Assert.Equal(tasks.Length, workflow.Tasks.Count);
        foreach (var task in tasks)
        {
            var actual = workflow.Tasks[task.GetProperty("index").GetInt32()];
            Assert.Equal(task.GetProperty("func").GetString(), actual.Run.DisplayName);
            Assert.Equal(task.GetProperty("instruction_cid").GetString(), actual.InstructionCid.ToString());
            Assert.Equal(task.GetProperty("invocation_cid").GetString(), actual.InvocationCid.ToString());
            Assert.Equal(
                task.GetProperty("awaits").EnumerateArray().Select(a => a.GetString()),
                actual.Run.Promises.Select(p => p.Cid.ToString()));
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_validates_exactly_when_its_awaits_resolve_in_the_file(string name)
    {
        var expected = Fixtures.ExpectedCids().GetProperty("fixtures").GetProperty(name);
        var workflow = WorkflowReader.Read(Fixtures.Read(name));
        var stale = expected.GetProperty("tasks").EnumerateArray()
            .FirstOrDefault(t => !t.GetProperty("awaits_resolve_in_this_file").GetBoolean());

        if (stale.ValueKind == JsonValueKind.Undefined)
        {
            WorkflowValidator.Validate(workflow);
            return;
        }

        var error = Assert.Throws<WorkflowValidationException>(() => WorkflowValidator.Validate(workflow));
        Assert.Equal(stale.GetProperty("index").GetInt32(), error.TaskIndex);
        Assert.Contains("unresolved await", error.Message, StringComparison.Ordinal);
        Assert.Contains(stale.GetProperty("awaits")[0].GetString()!, error.Message, StringComparison.Ordinal);
        Assert.Contains(stale.GetProperty("instruction_cid").GetString()!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Instruction_encodes_to_the_listed_dag_cbor()
    {
        var hex = Fixtures.ExpectedCids().GetProperty("instruction_dag_cbor_hex");
        foreach (var entry in hex.EnumerateObject())
        {
            var parts = entry.Name.Split('#');
            var workflow = WorkflowReader.Read(Fixtures.Read(parts[0]));
            var bytes = DagCbor.Encode(workflow.Tasks[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)].Run.ToIpld());
            Assert.Equal(entry.Value.GetString(), Convert.ToHexStringLower(bytes));
        }
    }

    [Fact]
    public void Image_pipeline_cbor_reads_with_its_envelope_and_round_trips_byte_for_byte()
    {
        var bytes = Fixtures.Read("test-workflow-image-pipeline.cbor");
        var workflow = WorkflowReader.Read(bytes);

        Assert.Equal("test", workflow.Name);
        Assert.Equal("bafyrmiatb7idqtty56hy3hrfa6ur6qkspyrhaf6n6ynmqsntjvym47mbrq", workflow.Cid.ToString());
        Assert.Equal(bytes, DagCbor.Encode(workflow.ToEnvelope()));
        Assert.Equal(WorkflowReader.Read(Fixtures.Read("test-workflow-image-pipeline.json")).Cid, workflow.Cid);
    }

    [Fact]
    public void Over_range_fuel_is_hashed_as_a_float64()
    {
        var workflow = WorkflowReader.Read(Fixtures.Read("test-workflow-add-one.json"));
        var fuel = workflow.Tasks[0].Meta.Value["fuel"];

        Assert.Equal(IpldKind.Float, fuel.Kind);
        Assert.Equal(18446744073709551616d, fuel.AsDouble());
    }

    [Fact]
    public void Derived_receipt_example_reads_in_homestar_list_form_with_its_cid()
    {
        var example = Fixtures.ExpectedCids().GetProperty("derived_receipt_example");
        var bytes = Convert.FromHexString(example.GetProperty("receipt_dag_cbor_hex").GetString()!);
        var cid = Cid.Parse(example.GetProperty("receipt_cid").GetString()!);

        var receipt = Receipt.Decode(bytes, cid);

        Assert.True(receipt.Out.IsOk);
        Assert.Equal(IpldInteger.From(2), receipt.Out.Value);
        Assert.Equal("bafyrmia2frkwkus2sy7qjmok5lm7mnlbnoyfqa5mqm27op6qkgo7reryqa", receipt.Ran.ToString());
        Assert.Equal(cid, receipt.Cid);
    }
}
