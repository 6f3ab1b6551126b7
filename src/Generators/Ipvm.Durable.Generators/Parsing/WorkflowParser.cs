using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>Reads a <c>[Workflow]</c> method: signature, name, version, the tasks it calls, and its lowering when it is a static dataflow.</summary>
internal static class WorkflowParser
{
    private static readonly char[] Whitespace = { ' ', '\n', '\r', '\t' };

    private static readonly HashSet<string> ContextOperations = new(System.StringComparer.Ordinal)
    {
        "CallTaskAsync", "CallTask", "CallWorkflowAsync", "CreateTimer", "WaitForEvent",
    };

    // WebAssembly calls (wasm/run) are pure: they leave a workflow pure, and they are not generated task stubs.
    internal static readonly HashSet<string> WasmOperations = new(System.StringComparer.Ordinal) { "CallWasmAsync", "CallWasm" };

    public static WorkflowParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        var codecs = new Dictionary<string, CodecSpec>(System.StringComparer.Ordinal);
        var (name, version) = TaskParser.ReadAttribute(context.Attributes[0]);
        name ??= method.Name;
        var claim = new NameClaim("workflow", name, TaskParser.Display(method), LocationInfo.From(syntax.Identifier.GetLocation()));
        var type = ParserCommon.ContainingType(method, syntax, diagnostics);
        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonStaticWorkflow, LocationInfo.From(syntax.Identifier.GetLocation()), TaskParser.Display(method)));
        }

        var refs = TypeRefs.Of(context.SemanticModel.Compilation);
        var parameters = ParserCommon.Parameters(method, codecs, diagnostics, refs);
        var returns = ParserCommon.Return(method, syntax.ReturnType, codecs, diagnostics, refs);
        if (returns.Kind is not (ReturnKind.Task or ReturnKind.TaskOfT) || parameters.Count == 0 || parameters[0].Kind != ParameterKind.WorkflowContext
            || parameters.Skip(1).Any(static p => p.Kind != ParameterKind.Value))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadWorkflowSignature, LocationInfo.From(syntax.Identifier.GetLocation()), TaskParser.Display(method)));
        }

        if (type is null || diagnostics.Count > 0)
        {
            return new WorkflowParseResult(null, EquatableArray<CodecSpec>.Empty, diagnostics.ToEquatableArray(), claim);
        }

        var contextName = parameters[0].Name;
        var called = new SortedSet<string>(System.StringComparer.Ordinal);
        var callsNonTasks = false;
        SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!;
        foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>().Where(i => i.Identifier.ValueText == contextName))
        {
            if (identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier && access.Parent is InvocationExpressionSyntax)
            {
                var member = access.Name.Identifier.ValueText;
                if (ContextOperations.Contains(member))
                {
                    callsNonTasks = true;
                }
                else if (WasmOperations.Contains(member))
                {
                    continue;
                }
                else if (TaskName(member) is { } task)
                {
                    called.Add(task);
                }
            }
            else if (identifier.Parent is ArgumentSyntax)
            {
                callsNonTasks = true; // handed to code the generator does not follow
            }
        }

        var lowering = Lower(name, syntax, contextName, parameters, returns, diagnostics);
        version ??= CodeHasher.Compute(method, context.SemanticModel.Compilation, workflow: true, cancellationToken);
        var spec = new WorkflowSpec(type, method.Name, name, version, parameters, returns, called.ToEquatableArray(), callsNonTasks, lowering);
        return new WorkflowParseResult(spec, codecs.Values.OrderBy(static c => c.Type.FullName, System.StringComparer.Ordinal).ToEquatableArray(), diagnostics.ToEquatableArray(), claim);
    }

    internal static string? TaskName(string member) =>
        member.Length > "CallAsync".Length && member.StartsWith("Call", System.StringComparison.Ordinal) && member.EndsWith("Async", System.StringComparison.Ordinal)
            ? member.Substring(4, member.Length - 9)
            : null;

    private static LoweringSpec? Lower(string workflow, MethodDeclarationSyntax syntax, string contextName, EquatableArray<ParameterSpec> parameters, ReturnSpec returns, List<DiagnosticInfo> diagnostics)
    {
        var lowering = new Lowering(contextName, parameters.Skip(1).Select(static p => p.Name));
        IEnumerable<StatementSyntax> statements = syntax.Body is { } block
            ? block.Statements
            : new StatementSyntax[] { SyntaxFactory.ReturnStatement(syntax.ExpressionBody!.Expression) };
        foreach (var statement in statements)
        {
            if (!lowering.Statement(statement))
            {
                var node = lowering.Offending ?? statement;
                var line = (syntax.SyntaxTree.GetLineSpan(node.Span).StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var location = syntax.Body is null ? LocationInfo.From(syntax.ExpressionBody!) : LocationInfo.From(node);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotLowered, location, workflow, lowering.Reason ?? Describe(statement), line));
                return null;
            }
        }

        if (returns.Kind == ReturnKind.TaskOfT && lowering.ReturnCall < 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotLowered, LocationInfo.From(syntax.Identifier.GetLocation()), workflow, "its result is not a task call's result",
                (syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return null;
        }

        return new LoweringSpec(lowering.Calls.ToEquatableArray(), lowering.ReturnCall);
    }

    private static string Describe(StatementSyntax statement) => statement switch
    {
        IfStatementSyntax => "an 'if' statement (a branch)",
        SwitchStatementSyntax => "a 'switch' statement (a branch)",
        ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "a loop",
        TryStatementSyntax => "a 'try' statement",
        _ => $"the statement '{Shorten(statement.ToString())}'",
    };

    internal static string Shorten(string text)
    {
        text = string.Join(" ", text.Split(Whitespace, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
