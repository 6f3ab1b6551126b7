using System.Text;

namespace Ipvm.Durable.Tests.Model;

public class WorkflowReaderTests
{
    private static WorkflowFormatException Fails(string json) =>
        Assert.Throws<WorkflowFormatException>(() => WorkflowReader.Read(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Schema_errors_name_the_json_path()
    {
        var error = Fails("""{"tasks":[{"run":{"rsc":"x","op":"test/echo","input":{}}},{"run":{"rsc":"x","op":7,"input":{}}}]}""");

        Assert.Equal("tasks[1].run.op", error.Path);
        Assert.Contains("expected a string, found an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Envelope_paths_start_at_workflow()
    {
        var error = Fails("""{"name":"n","workflow":{"tasks":[{"run":{"op":"a","input":1}}]}}""");

        Assert.Equal("workflow.tasks[0].run.rsc", error.Path);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tasks":{}}""", "tasks")]
    [InlineData("""{"tasks":[{"run":{"rsc":"x","op":"a","input":1},"meta":{"time":-1}}]}""", "tasks[0].meta.time")]
    [InlineData("""{"tasks":[{"run":{"rsc":"x","op":"a","input":1,"nnc":5}}]}""", "tasks[0].run.nnc")]
    [InlineData("""{"tasks":[{"run":{"rsc":"x","op":"a","input":1,"extra":5}}]}""", "tasks[0].run.extra")]
    [InlineData("""{"tasks":[{"run":{"rsc":"x","op":"","input":1}}]}""", "tasks[0].run.op")]
    [InlineData("""{"tasks":[{"meta":{}}]}""", "tasks[0].run")]
    [InlineData("""[]""", "$")]
    public void Bad_shapes_are_rejected_at_their_path(string json, string path) => Assert.Equal(path, Fails(json).Path);

    [Fact]
    public void Undecodable_bytes_are_a_format_error_with_the_offset()
    {
        var error = Fails("""{"tasks": [}""");

        Assert.Equal(string.Empty, error.Path);
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
    }
}
