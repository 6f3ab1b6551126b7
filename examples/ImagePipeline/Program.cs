using System.Globalization;
using ImagePipeline;
using Ipvm.Durable;
using Ipvm.Durable.Sqlite;

// dotnet run --project examples/ImagePipeline [-- --store DIR] [--out DIR] [--fresh]
// Crops, rotates, blurs and grayscales input.png with WebAssembly tasks, then makes a thumbnail of the same crop and
// rotation. Run it twice: the second time every result comes from its receipt.
var fresh = args.Contains("--fresh");
var folder = fresh ? Directory.CreateTempSubdirectory("ipvm-images-").FullName : Arg("--store") ?? ".ipvm";
var output = Arg("--out") ?? Path.Combine(folder, "images");
Directory.CreateDirectory(folder);
Directory.CreateDirectory(output);
var database = Path.Combine(folder, "ipvm.db"); // the file `ipvm status`, `ipvm receipts` and `ipvm export` read

await using var store = SqliteDurableStore.Open(database);
using var journal = SqliteWorkflowJournal.Open(store); // the same file, sharing the store's writer
var pipeline = new Pipeline(new DurableEngine(store, new OpRegistry()), journal);
var module = await pipeline.AddModuleAsync(Pipeline.ModuleBytes);
var input = Png.Decode(File.ReadAllBytes(Pipeline.InputPath));
Console.WriteLine($"store {database}{(fresh ? " (fresh)" : "")}");
Console.WriteLine($"module image.wasm = {module}");
Console.WriteLine($"input  input.png, {input.Width} x {input.Height}");

var edit = await pipeline.RunAsync(nameof(Images.Edit), module, input);
Report(edit);
var edited = Ipvm.Durable.Ipld.IpldCodecs.Decode<EditedImages>(edit.Result.Output!);
Save("blurred.png", edited.Blurred);
Save("grayscale.png", edited.Grayscale);

var thumbnail = await pipeline.RunAsync(nameof(Images.Thumbnail), module, input);
Report(thumbnail);
Save("thumbnail.png", thumbnail.Result.Output!.AsBytes().ToArray());

Console.WriteLine();
Console.WriteLine(edit.Ran + thumbnail.Ran == 0
    ? "Nothing ran: every result came from a receipt. --fresh starts on an empty store."
    : "Run it again: every result will come from a receipt.");
return 0;

void Report(PipelineRun run)
{
    Console.WriteLine();
    if (run.Result.Status != RunStatus.Completed)
    {
        Console.WriteLine($"{run.Workflow} {run.Result.Status}: {run.Result.Error}");
        Environment.Exit(1);
    }

    if (run.Result.RunId is null)
    {
        Console.WriteLine($"{run.Workflow}: replayed from its receipt in {Ms(run.Elapsed)}, nothing ran (workflow/run {Short(run.Result.InvocationCid)})");
        return;
    }

    Console.WriteLine($"{run.Workflow} (run {run.Result.RunId}): {run.Calls.Count} wasm/run calls, {run.Ran} ran, {run.Calls.Count - run.Ran} replayed, {Ms(run.Elapsed)}");
    foreach (var call in run.Calls)
    {
        Console.WriteLine($"  {call.Name,-10} {(call.Replayed ? "replayed" : "ran"),-9} {(call.Replayed ? "" : Ms(call.Duration)),9}  {Short(call.InstructionCid)}");
    }
}

void Save(string name, byte[] raw)
{
    var image = RawImage.FromBytes(raw);
    var path = Path.Combine(output, name);
    File.WriteAllBytes(path, Png.Encode(image));
    Console.WriteLine($"  -> {path} ({image.Width} x {image.Height})");
}

static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

static string Short(Ipvm.Durable.Ipld.Cid cid) => cid.ToString()[..16] + "…";

string? Arg(string name) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;
