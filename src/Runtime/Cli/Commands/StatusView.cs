using System.Globalization;
using System.Text.Json;
using Ipvm.Durable.Ipld;
using Spectre.Console;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>A run's status as a table or as the stable JSON of docs/cli-json.md.</summary>
internal static class StatusView
{
    public static async Task PrintAsync(IDurableStore store, string runId, bool json)
    {
        var run = await DurableCli.GetRunAsync(store, runId);
        var records = (await store.GetTasksAsync(runId)).ToDictionary(r => r.Index);
        Workflow? workflow = null;
        if (run.WorkflowCid is { } cid && await store.GetBlockAsync(cid) is { } block)
        {
            workflow = WorkflowReader.FromIpld(DagCbor.Decode(block, IpldDecodeLimits.Trusted));
        }

        var rows = new List<Row>();
        var count = Math.Max(workflow?.Tasks.Count ?? 0, records.Count == 0 ? 0 : records.Keys.Max() + 1);
        var awaited = workflow?.Tasks.SelectMany(t => t.Run.Promises).Select(p => p.Cid).ToHashSet() ?? [];
        for (var i = 0; i < count; i++)
        {
            records.TryGetValue(i, out var record);
            var task = workflow is not null && i < workflow.Tasks.Count ? workflow.Tasks[i] : null;
            var receipt = record?.ReceiptCid is { } r ? await store.GetReceiptAsync(r) : null;
            var instruction = task?.InstructionCid ?? record?.InstructionCid;
            if (instruction is null)
            {
                continue;
            }

            rows.Add(new Row(i, task?.Run.DisplayName ?? record!.Name, instruction, record?.State ?? TaskState.Pending, record?.Replayed ?? false, record, receipt, !awaited.Contains(instruction)));
        }

        if (json)
        {
            WriteJson(run, rows);
        }
        else
        {
            WriteTable(run, rows);
        }
    }

    private static void WriteTable(RunRecord run, List<Row> rows)
    {
        AnsiConsole.MarkupLine($"run [bold]{run.RunId}[/]: [bold]{run.Status.Lower()}[/]{(run.Error is null ? string.Empty : " - " + Markup.Escape(run.Error))}");
        var table = new Table().AddColumns("#", "function", "instruction", "state", "replayed or ran", "duration");
        foreach (var row in rows)
        {
            table.AddRow(
                row.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(row.Func),
                row.Instruction.ToString(),
                row.State.Lower(),
                row.Record is null || row.State is TaskState.Pending or TaskState.Running ? "-" : row.Replayed ? "replayed" : "ran",
                row.Record is null ? "-" : $"{row.Record.Duration.TotalMilliseconds:0.0} ms");
        }

        AnsiConsole.Write(table);
        foreach (var row in rows.Where(r => r.IsOutput && r.Receipt is not null))
        {
            var o = row.Receipt!.Out;
            Console.WriteLine($"output {row.Index} ({row.Func}): {(o.IsOk ? "ok" : "error")} {DagJson.EncodeToString(o.Value)}");
        }
    }

    private static void WriteJson(RunRecord run, List<Row> rows)
    {
        using var stream = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("run", run.RunId);
            w.WriteString("status", run.Status.Lower());
            w.WriteString("workflow", run.WorkflowCid?.ToString());
            w.WriteString("name", run.Name);
            w.WriteString("created", run.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("updated", run.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("request", run.Request.Lower());
            w.WriteString("error", run.Error);
            w.WriteStartArray("tasks");
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteNumber("index", row.Index);
                w.WriteString("func", row.Func);
                w.WriteString("instruction", row.Instruction.ToString());
                w.WriteString("state", row.State.Lower());
                w.WriteBoolean("replayed", row.Replayed);
                w.WriteString("receipt", row.Record?.ReceiptCid?.ToString());
                w.WriteNumber("attempts", row.Record?.Attempts ?? 0);
                w.WriteNumber("durationMs", Math.Round(row.Record?.Duration.TotalMilliseconds ?? 0, 3));
                w.WriteBoolean("output", row.IsOutput);
                if (row.Receipt is { } receipt)
                {
                    w.WritePropertyName("out");
                    w.WriteRawValue(DagJson.Encode(receipt.Out.ToIpld()), skipInputValidation: true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.Write("\n"u8);
    }

    private sealed record Row(int Index, string Func, Cid Instruction, TaskState State, bool Replayed, TaskRecord? Record, Receipt? Receipt, bool IsOutput);
}
