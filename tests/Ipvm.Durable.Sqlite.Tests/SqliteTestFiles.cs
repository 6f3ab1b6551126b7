using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>Temporary database files, direct row surgery for corruption tests, and receipts to store.</summary>
internal static class SqliteTestFiles
{
    public static string NewPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ipvm-tests", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), "ipvm.db");

    public static void CorruptReceipt(string path, Cid receiptCid)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT data FROM receipts WHERE cid = $cid";
        read.Parameters.AddWithValue("$cid", receiptCid.Bytes.ToArray());
        var data = (byte[])read.ExecuteScalar()!;
        data[^1] ^= 0x01;
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE receipts SET data = $data WHERE cid = $cid";
        command.Parameters.AddWithValue("$cid", receiptCid.Bytes.ToArray());
        command.Parameters.AddWithValue("$data", data);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>A run record in state running, created at the Unix epoch.</summary>
    public static RunRecord RunningRun(string runId) => new(runId, RunStatus.Running, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    /// <summary>The receipt of step <paramref name="i"/> of a test run: an idempotent-looking call whose output is <paramref name="i"/>.</summary>
    public static Receipt StepReceipt(int i)
    {
        var task = new WorkflowTask(new Instruction("dotnet:Tests/Queue.Step@v1", "dotnet/run", IpldMap.Create(("args", (IpldValue)(long)i)), new IpldString("run")));
        return Receipt.For(task, TaskResult.Ok((long)i));
    }

    /// <summary>Step <paramref name="i"/> of a test run, succeeded with <see cref="StepReceipt"/>.</summary>
    public static TaskCompletion StepCompletion(int i)
    {
        var receipt = StepReceipt(i);
        return new TaskCompletion(new TaskRecord(i, receipt.InstructionCid!, "step", TaskState.Succeeded, false, receipt.Cid, 1, TimeSpan.Zero), receipt);
    }
}
