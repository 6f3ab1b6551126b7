using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Cli.Tests;

/// <summary>`ipvm cid` and `ipvm dag encode|decode`, run as a user runs them.</summary>
public sealed class IpldCommandTests
{
    private static string PipelineCbor => Path.Combine(RepositoryPaths.Conformance, "homestar-fixtures", "test-workflow-image-pipeline.cbor");

    [Fact]
    public async Task Cid_of_the_sample_instruction_is_the_one_Homestar_computes()
    {
        var result = await IpvmProcess.RunAsync("cid", "examples/ipld/add-one-instruction.json", "--hash", "sha3-256");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du", result.Output.Trim());
    }

    [Fact]
    public async Task Cid_reads_standard_input_and_defaults_to_sha2_256()
    {
        // {"a":1} as DAG-CBOR is a1 61 61 01; its sha2-256 CIDv1 starts with bafyrei.
        var result = await IpvmProcess.RunAsync(["cid"], "{ \"a\" : 1 }"u8.ToArray());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Ipld.Cid.Compute(Ipld.Multicodec.DagCbor, Ipld.MultihashCode.Sha2_256, [0xa1, 0x61, 0x61, 0x01]).ToString(), result.Output.Trim());
    }

    [Fact]
    public async Task Decode_then_encode_gives_back_the_Homestar_cbor_fixture_byte_for_byte()
    {
        var original = await File.ReadAllBytesAsync(PipelineCbor);

        var json = await IpvmProcess.RunAsync("dag", "decode", PipelineCbor);
        var cbor = await IpvmProcess.RunAsync(["dag", "encode"], json.StandardOutput);

        Assert.Equal(0, json.ExitCode);
        Assert.StartsWith("{\"name\":\"test\",\"workflow\":{\"tasks\":[", json.Output, StringComparison.Ordinal);
        Assert.Equal(0, cbor.ExitCode);
        Assert.Equal(original, cbor.StandardOutput);
    }

    [Theory]
    [InlineData("cid", "{\"a\":1,\"a\":2}", "standard input: Invalid DAG-JSON at byte 7: the map key 'a' appears twice")]
    [InlineData("encode", "[1,", "standard input: Invalid DAG-JSON")]
    [InlineData("decode", "\u00a1\u0061", "standard input: Invalid DAG-CBOR at byte 0")]
    public async Task Bad_input_exits_1_with_one_line_naming_what_and_where(string command, string input, string expected)
    {
        string[] args = command == "cid" ? ["cid"] : ["dag", command];
        var bytes = command == "decode" ? input.Select(c => (byte)c).ToArray() : System.Text.Encoding.UTF8.GetBytes(input);

        var result = await IpvmProcess.RunAsync(args, bytes);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ipvm: " + expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.StandardError.Replace(" at byte", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_one_clear_line()
    {
        var result = await IpvmProcess.RunAsync("cid", "no-such-file.json");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ipvm: cannot read 'no-such-file.json'", result.StandardError, StringComparison.Ordinal);
    }
}
