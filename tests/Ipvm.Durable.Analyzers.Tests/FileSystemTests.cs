using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class FileSystemTests
{
    private const string Use = "var text = [[File.ReadAllText(\"a.txt\")]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0006", """
        var text = [[File.ReadAllText("a.txt")]];
        var files = [[Directory.GetFiles(".")]];
        var info = [[new FileInfo("a.txt")]];
        using var reader = [[new StreamReader("a.txt")]];
        using var stream = [[new FileStream("a.txt", FileMode.Open)]];
        var temp = [[Path.GetTempFileName()]];
        var full = [[Path.GetFullPath("a.txt")]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0006", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0006", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0006", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_paths_as_strings_and_in_memory_streams() => Scenarios.Silent("""
        var path = Path.Combine("a", "b.txt");
        var name = Path.GetFileNameWithoutExtension(path) + Path.GetExtension(path);
        using var memory = new MemoryStream(new byte[] { 1, 2 });
        using var reader = new StreamReader(memory);
        using var strings = new StringReader("text");
        var line = strings.ReadLine();
        var sb = new StringBuilder().Append(name).Append(line).ToString();
        """);
}
