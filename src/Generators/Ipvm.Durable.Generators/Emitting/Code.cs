using System.Linq;
using System.Text;

namespace Ipvm.Durable.Generators;

/// <summary>Snippets shared by the emitters: qualified names, codec calls, string literals.</summary>
internal static class Code
{
    public const string Ipld = "global::Ipvm.Durable.Ipld.";
    public const string Durable = "global::Ipvm.Durable.";
    public const string Tasks = "global::System.Threading.Tasks.";
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"Ipvm.Durable.Generators\", \"1.0.0\")]";

    public static string Encode(TypeRef type, string expression) =>
        type.IsNullableReference
            ? $"{expression} is null ? {Ipld}IpldValue.Null : {Ipld}IpldCodecs.Encode<{type.FullName}>({expression})"
            : $"{Ipld}IpldCodecs.Encode<{type.FullName}>({expression})";

    public static string Decode(TypeRef type, string expression) =>
        type.IsNullableReference
            ? $"{expression}.Kind == {Ipld}IpldKind.Null ? null : {Ipld}IpldCodecs.Decode<{type.FullName}>({expression})"
            : $"{Ipld}IpldCodecs.Decode<{type.FullName}>({expression})";

    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break; // the char itself: c.ToString() made a string of each
            }
        }

        return text.Append('"').ToString();
    }

    public static string Resource(string assembly, ContainingType type, string method, string version) =>
        $"dotnet:{assembly}/{type.DottedName}.{method}@{version}";

    public static string EffectClass(EffectKind effect) => Durable + "EffectClass." + effect switch
    {
        EffectKind.Pure => "Pure",
        EffectKind.Idempotent => "Idempotent",
        _ => "Effectful",
    };

    /// <summary>A cref to the user's method: its name and parameter types.</summary>
    public static string Cref(ContainingType type, string method, EquatableArray<ParameterSpec> parameters) =>
        $"{type.FullName}.{method}({string.Join(", ", parameters.Select(static p => p.Type.FullName.Replace('<', '{').Replace('>', '}')))})";

    /// <summary>Writes the lines that read <paramref name="count"/> arguments from an args list into <c>args</c>.</summary>
    public static void ReadArguments(SourceWriter writer, string what, int count)
    {
        writer.Line($"var args = arguments.AsList();");
        writer.Open($"if (args.Count != {count})");
        writer.Line($"throw new global::System.FormatException({Literal(what + " takes " + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " argument(s), not ")} + args.Count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \".\");");
        writer.Close();
        writer.Line();
    }

    public static void OpenNamespace(SourceWriter writer, ContainingType type)
    {
        if (type.Namespace.Length > 0)
        {
            writer.Open($"namespace {type.Namespace}");
        }
    }

    public static void CloseNamespace(SourceWriter writer, ContainingType type)
    {
        if (type.Namespace.Length > 0)
        {
            writer.Close();
        }
    }
}
