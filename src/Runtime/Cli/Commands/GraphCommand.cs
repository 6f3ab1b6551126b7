using System.CommandLine;
using System.Text;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm graph FILE --format mermaid|dot</c>: a workflow's DAG for Mermaid or Graphviz.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A workflow file." };
        var format = new Option<string>("--format") { Description = "mermaid or dot.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Print a workflow's DAG as Mermaid or Graphviz dot.") { file, format };
        command.SetAction(result =>
        {
            var workflow = DurableCli.ReadWorkflow(result.GetValue(file)!);
            Console.Write(Render(workflow, result.GetValue(format) == "dot"));
            return 0;
        });
        return command;
    }

    public static string Render(Workflow workflow, bool dot)
    {
        var index = workflow.Tasks.Select((t, i) => (t.InstructionCid, i)).ToDictionary(p => p.InstructionCid, p => p.i);
        var text = new StringBuilder(dot ? "digraph workflow {\n  rankdir=LR;\n" : "flowchart LR\n");
        for (var i = 0; i < workflow.Tasks.Count; i++)
        {
            var cid = workflow.Tasks[i].InstructionCid.ToString();
            var label = $"{i}: {workflow.Tasks[i].Run.DisplayName}\\n{cid[..8]}…{cid[^6..]}";
            text.Append(dot ? $"  t{i} [shape=box, label=\"{label}\"];\n" : $"  t{i}[\"{label.Replace("\\n", "<br/>", StringComparison.Ordinal)}\"]\n");
        }

        for (var i = 0; i < workflow.Tasks.Count; i++)
        {
            foreach (var promise in workflow.Tasks[i].Run.Promises)
            {
                var key = Promise.KeyOf(promise.Selector);
                var from = index.TryGetValue(promise.Cid, out var u) ? $"t{u}" : $"ext_{promise.Cid.ToString()[^8..]}";
                text.Append(dot ? $"  {from} -> t{i} [label=\"{key}\"];\n" : $"  {from} -->|{key}| t{i}\n");
            }
        }

        return dot ? text.Append("}\n").ToString() : text.ToString();
    }
}
