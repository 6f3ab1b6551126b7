using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Follows a workflow body statement by statement while it stays a static dataflow: awaited task calls (or task
/// locals awaited later, or <c>Task.WhenAll</c> of them) whose arguments are parameters, literals or earlier results.
/// The first construct outside that shape stops it, with <see cref="Reason"/> and <see cref="Offending"/>.
/// </summary>
internal sealed class Lowering
{
    private readonly string _context;
    private readonly HashSet<string> _parameters;
    private readonly Dictionary<string, int> _values = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pending = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _arrays = new(System.StringComparer.Ordinal);

    public Lowering(string context, IEnumerable<string> parameters)
    {
        _context = context;
        _parameters = new HashSet<string>(parameters, System.StringComparer.Ordinal);
    }

    public List<LoweredCall> Calls { get; } = new();

    public int ReturnCall { get; private set; } = -1;

    public string? Reason { get; private set; }

    public SyntaxNode? Offending { get; private set; }

    public bool Statement(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } local when local.Declaration.Variables[0].Initializer is { } init:
                return Declare(local.Declaration.Variables[0].Identifier.ValueText, init.Value);
            case ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaited }:
                return Await(awaited.Expression, out _);
            case ReturnStatementSyntax ret:
                return ret.Expression is null || Return(ret.Expression);
            default:
                return false;
        }
    }

    private bool Declare(string name, ExpressionSyntax value)
    {
        if (value is AwaitExpressionSyntax awaited)
        {
            if (IsWhenAll(awaited.Expression, out var all))
            {
                var indexes = new List<int>();
                foreach (var argument in all!.ArgumentList.Arguments)
                {
                    if (!Pending(argument.Expression, out var index))
                    {
                        return false;
                    }

                    indexes.Add(index);
                }

                _arrays[name] = indexes.ToArray();
                return true;
            }

            if (!Await(awaited.Expression, out var call))
            {
                return false;
            }

            _values[name] = call;
            return true;
        }

        if (Call(value, out var issued))
        {
            _pending[name] = issued;
            return true;
        }

        return Fail(value, $"the local '{name}' computed by '{WorkflowParser.Shorten(value.ToString())}'");
    }

    private bool Await(ExpressionSyntax awaited, out int call)
    {
        call = -1;
        if (IsWhenAll(awaited, out var all))
        {
            return all!.ArgumentList.Arguments.All(a => Pending(a.Expression, out _));
        }

        return Pending(awaited, out call);
    }

    private bool Pending(ExpressionSyntax expression, out int call)
    {
        if (expression is IdentifierNameSyntax id && _pending.TryGetValue(id.Identifier.ValueText, out call))
        {
            return true;
        }

        return Call(expression, out call);
    }

    private bool Return(ExpressionSyntax expression)
    {
        if (expression is AwaitExpressionSyntax awaited && Pending(awaited.Expression, out var call))
        {
            ReturnCall = call;
            return true;
        }

        if (Result(expression, out call))
        {
            ReturnCall = call;
            return true;
        }

        return Fail(expression, $"the return value '{WorkflowParser.Shorten(expression.ToString())}'");
    }

    private bool Result(ExpressionSyntax expression, out int call)
    {
        call = -1;
        switch (expression)
        {
            case IdentifierNameSyntax id:
                return _values.TryGetValue(id.Identifier.ValueText, out call);
            case AwaitExpressionSyntax { Expression: IdentifierNameSyntax awaited }:
                return _pending.TryGetValue(awaited.Identifier.ValueText, out call);
            case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array, ArgumentList.Arguments.Count: 1 } access
                when _arrays.TryGetValue(array.Identifier.ValueText, out var indexes)
                    && access.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.Value: int k } && k >= 0 && k < indexes.Length:
                call = indexes[k];
                return true;
            default:
                return false;
        }
    }

    private bool Call(ExpressionSyntax expression, out int call)
    {
        call = -1;
        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax wasmTarget, Name.Identifier.ValueText: var wasmMember } }
            && wasmTarget.Identifier.ValueText == _context && WorkflowParser.WasmOperations.Contains(wasmMember))
        {
            return Fail(expression, $"'{WorkflowParser.Shorten(expression.ToString())}', a WebAssembly call, whose module is known only at run time");
        }

        if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target } access } invocation
            || target.Identifier.ValueText != _context || WorkflowParser.TaskName(access.Name.Identifier.ValueText) is not { } task
            || access.Name is GenericNameSyntax || task is "Task" or "Workflow")
        {
            return Fail(expression, $"'{WorkflowParser.Shorten(expression.ToString())}', which is not a generated task call");
        }

        var arguments = new List<LoweredArgument>();
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            var value = argument.Expression;
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return Fail(argument, $"the argument '{argument}' (named or by reference)");
            }

            if (value is IdentifierNameSyntax id && _parameters.Contains(id.Identifier.ValueText) && !_values.ContainsKey(id.Identifier.ValueText))
            {
                arguments.Add(new LoweredArgument(ArgumentKind.Parameter, id.Identifier.ValueText, -1));
            }
            else if (IsConstant(value))
            {
                arguments.Add(new LoweredArgument(ArgumentKind.Constant, value.ToString(), -1));
            }
            else if (Result(value, out var earlier))
            {
                arguments.Add(new LoweredArgument(ArgumentKind.CallResult, string.Empty, earlier));
            }
            else
            {
                return Fail(value, $"the argument '{WorkflowParser.Shorten(value.ToString())}', which is not a parameter, a literal or an earlier result");
            }
        }

        call = Calls.Count;
        Calls.Add(new LoweredCall(task, arguments.ToEquatableArray()));
        return true;
    }

    private static bool IsConstant(ExpressionSyntax value) =>
        value is LiteralExpressionSyntax
        || value is PrefixUnaryExpressionSyntax { OperatorToken.ValueText: "-", Operand: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } };

    private static bool IsWhenAll(ExpressionSyntax expression, out InvocationExpressionSyntax? invocation)
    {
        invocation = expression as InvocationExpressionSyntax;
        return invocation is { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll", Expression: var owner } }
            && owner.ToString() is "Task" or "System.Threading.Tasks.Task" or "global::System.Threading.Tasks.Task";
    }

    private bool Fail(SyntaxNode node, string reason)
    {
        if (Reason is null)
        {
            Reason = reason;
            Offending = node;
        }

        return false;
    }
}
