using System.Text.Json;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Testing;
using Npgsql;

namespace Ipvm.Durable.Cli.Tests;

/// <summary><c>--store postgres://…</c>: run, status and resume against a PostgreSQL database instead of a directory.</summary>
public sealed class PostgresStoreCommandTests
{
    private const string FailingWorkflow = """
        {"name":"fails","workflow":{"tasks":[{"cause":null,"meta":{},"prf":[],"run":{
          "input":{"args":["broken on purpose"],"func":"fail"},"nnc":"","op":"test/fail",
          "rsc":"ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"}}]}}
        """;

    private static string Sample => Path.Combine(RepositoryPaths.Root, "examples", "workflows", "sample.json");

    [PostgresFact]
    public async Task Run_then_status_read_the_run_from_the_postgres_store()
    {
        var store = ToUrl(await PostgresServer.Shared.CreateDatabaseAsync());

        var run = await IpvmProcess.RunAsync("run", Sample, "--store", store, "--json");
        Assert.True(run.ExitCode == 0, run.StandardError);
        var runId = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("run").GetString()!;
        var status = await IpvmProcess.RunAsync("status", runId, "--store", store, "--json");

        Assert.Equal((0, string.Empty), (status.ExitCode, status.StandardError));
        using var json = JsonDocument.Parse(status.StandardOutput);
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("receipt").GetString()),
            json.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("receipt").GetString()));
    }

    [PostgresFact]
    public async Task Resume_continues_a_failed_run_from_the_postgres_store()
    {
        var store = ToUrl(await PostgresServer.Shared.CreateDatabaseAsync());
        var file = Path.Combine(Path.GetTempPath(), "ipvm-pg-cli-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, FailingWorkflow);
        try
        {
            var run = await IpvmProcess.RunAsync("run", file, "--store", store, "--json");
            Assert.True(run.ExitCode == 1, run.StandardError);
            var runId = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("run").GetString()!;

            var resume = await IpvmProcess.RunAsync("resume", runId, "--store", store, "--json");

            Assert.True(resume.ExitCode == 1, resume.StandardError);
            using var json = JsonDocument.Parse(resume.StandardOutput);
            Assert.Equal((runId, "failed"), (json.RootElement.GetProperty("run").GetString(), json.RootElement.GetProperty("status").GetString()));
            Assert.Contains("broken on purpose", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_malformed_postgres_url_is_one_line_on_stderr_naming_the_option()
    {
        var result = await IpvmProcess.RunAsync("status", "some-run", "--store", "postgres://alice:hunter2@db/a/b");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ipvm: --store: The PostgreSQL URL", line, StringComparison.Ordinal);
        Assert.Contains("'a/b' is not a database name", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    private static string ToUrl(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
