using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ipvm.Durable.Generators;

/// <summary>Reads a task method into a <see cref="TaskSpec"/>: signature, name, version (explicit or code hash), codecs and diagnostics.</summary>
internal static class TaskParser
{
    public static TaskParseResult Parse(GeneratorAttributeSyntaxContext context, EffectKind effect, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        var codecs = new Dictionary<string, CodecSpec>(System.StringComparer.Ordinal);
        var (name, version) = ReadAttribute(context.Attributes[0]);
        name ??= method.Name;
        var claim = new NameClaim("task", name, Display(method), LocationInfo.From(syntax.Identifier.GetLocation()));

        // An instance method is fine: the registration asks the host for the instance at each call (see RegistrationEmitter).
        var type = ParserCommon.ContainingType(method, syntax, diagnostics);
        var refs = TypeRefs.Of(context.SemanticModel.Compilation);
        var parameters = ParserCommon.Parameters(method, codecs, diagnostics, refs);
        var returns = ParserCommon.Return(method, syntax.ReturnType, codecs, diagnostics, refs);
        if (type is null || diagnostics.Count > 0)
        {
            return new TaskParseResult(null, EquatableArray<CodecSpec>.Empty, diagnostics.ToEquatableArray(), claim);
        }

        version ??= CodeHasher.Compute(method, context.SemanticModel.Compilation, workflow: false, cancellationToken);
        var spec = new TaskSpec(type, method.Name, name, effect, version, parameters, returns, method.GetDocumentationCommentId() ?? method.Name, !method.IsStatic);
        return new TaskParseResult(spec, codecs.Values.OrderBy(static c => c.Type.FullName, System.StringComparer.Ordinal).ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty, claim);
    }

    public static (string? Name, string? Version) ReadAttribute(AttributeData attribute)
    {
        string? name = null, version = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Name" && argument.Value.Value is string n && n.Length > 0)
            {
                name = n;
            }
            else if (argument.Key == "Version" && argument.Value.Value is string v && v.Length > 0)
            {
                version = v;
            }
        }

        return (name, version);
    }

    public static string Display(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;
}

internal static class ParserCommon
{
    public static ContainingType? ContainingType(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var type = method.ContainingType;
        var partial = type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(m => m.ValueText == "partial"));
        if (type.ContainingType is not null || !partial || type.IsGenericType || type.TypeKind != TypeKind.Class)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name, type.Name));
            return null;
        }

        var ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
        var keyword = type.IsRecord ? "record" : "class";
        return new ContainingType(ns, type.Name, keyword, type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal");
    }

    public static EquatableArray<ParameterSpec> Parameters(IMethodSymbol method, Dictionary<string, CodecSpec> codecs, List<DiagnosticInfo> diagnostics, TypeRefs refs)
    {
        var result = new List<ParameterSpec>();
        foreach (var parameter in method.Parameters)
        {
            // Only these three names can be one of the context types, and only unannotated (T? is a value); the
            // qualified name comes from the compilation's TypeRefs, which the spec needs anyway.
            var kind = parameter.Type.Name is not ("WorkflowContext" or "EffectContext" or "CancellationToken") || parameter.Type.NullableAnnotation == NullableAnnotation.Annotated
                ? ParameterKind.Value
                : refs[parameter.Type].FullName switch
                {
                    "global::Ipvm.Durable.WorkflowContext" => ParameterKind.WorkflowContext,
                    "global::Ipvm.Durable.EffectContext" => ParameterKind.EffectContext,
                    "global::System.Threading.CancellationToken" => ParameterKind.CancellationToken,
                    _ => ParameterKind.Value,
                };
            if (kind == ParameterKind.Value)
            {
                var reason = parameter.RefKind != RefKind.None ? "ref, out and in parameters cannot be sent to a task" : TypeParser.Collect(parameter.Type, codecs, refs);
                if (reason is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedType, LocationInfo.From(parameter.Locations.FirstOrDefault()),
                        parameter.Type.ToDisplayString(), parameter.Name, TaskParser.Display(method), reason));
                }
            }

            result.Add(new ParameterSpec(parameter.Name, refs[parameter.Type], kind));
        }

        return result.ToEquatableArray();
    }

    public static ReturnSpec Return(IMethodSymbol method, TypeSyntax returnSyntax, Dictionary<string, CodecSpec> codecs, List<DiagnosticInfo> diagnostics, TypeRefs refs)
    {
        if (method.ReturnsVoid)
        {
            return new ReturnSpec(ReturnKind.Void, null);
        }

        var type = method.ReturnType;
        // The generic definition's name is formatted once per compilation (TypeRefs), not for every task.
        var original = type.Name is "Task" or "ValueTask" ? refs[type.OriginalDefinition].FullName : string.Empty;
        var (kind, value) = original switch
        {
            "global::System.Threading.Tasks.Task" => (ReturnKind.Task, null),
            "global::System.Threading.Tasks.ValueTask" => (ReturnKind.ValueTask, null),
            "global::System.Threading.Tasks.Task<TResult>" => (ReturnKind.TaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]),
            "global::System.Threading.Tasks.ValueTask<TResult>" => (ReturnKind.ValueTaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]),
            _ => (ReturnKind.Value, type),
        };
        if (value is null)
        {
            return new ReturnSpec(kind, null);
        }

        var reason = TypeParser.Collect(value, codecs, refs);
        if (reason is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedType, LocationInfo.From(returnSyntax), value.ToDisplayString(), "the return value", TaskParser.Display(method), reason));
        }

        return new ReturnSpec(kind, refs[value]);
    }
}
