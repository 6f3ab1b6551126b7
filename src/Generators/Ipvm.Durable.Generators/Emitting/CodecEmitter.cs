using System.Linq;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Writes one codec class per user type (and per constructed collection, nullable or narrow primitive) and a
/// <c>[ModuleInitializer]</c> that registers them all with <c>IpldCodecs</c>, before any code of the assembly runs.
/// </summary>
internal static class CodecEmitter
{
    public static string Emit(EquatableArray<CodecSpec> codecs)
    {
        var w = new SourceWriter().Header();
        w.Open("namespace Ipvm.Durable.Generated");
        w.Line("/// <summary>The IPLD codecs the source generator wrote for this assembly's task and workflow types.</summary>");
        w.Line(Code.GeneratedCode);
        w.Open("internal static class GeneratedIpldCodecs");
        w.Line("/// <summary>Registers every generated codec; runs once, when the module loads.</summary>");
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Open("internal static void Register()");
        foreach (var codec in codecs)
        {
            w.Line($"{Code.Ipld}IpldCodecs.Register<{codec.Type.FullName}>(new {codec.ClassName}());");
        }

        w.Close();
        foreach (var codec in codecs)
        {
            w.Line();
            EmitCodec(w, codec);
        }

        w.Line();
        w.Open($"private static {Code.Ipld}IpldValue Field({Code.Ipld}IpldMap map, string key, string type)");
        w.Line($"return map.TryGetValue(key, out var value) ? value : throw new global::System.FormatException(\"The IPLD map for \" + type + \" has no '\" + key + \"' entry.\");");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void EmitCodec(SourceWriter w, CodecSpec codec)
    {
        var t = codec.Type.FullName;
        var v = Code.Ipld + "IpldValue";
        w.Open($"private sealed class {codec.ClassName} : {Code.Ipld}IIpldCodec<{t}>");
        switch (codec.Kind)
        {
            case CodecKind.Primitive:
                EmitPrimitive(w, t, v);
                break;
            case CodecKind.Enum:
                w.Open($"public {v} Encode({t} value)");
                foreach (var member in codec.Members)
                {
                    w.Line($"if (value == {t}.{member.Name}) return new {Code.Ipld}IpldString({Code.Literal(member.Key)});");
                }

                w.Line($"throw new global::System.ArgumentOutOfRangeException(nameof(value), value, {Code.Literal("Not a named value of " + t.Replace("global::", string.Empty) + ".")});");
                w.Close();
                w.Open($"public {t} Decode({v} value)");
                w.Open("switch (value.AsString())");
                foreach (var member in codec.Members)
                {
                    w.Line($"case {Code.Literal(member.Key)}: return {t}.{member.Name};");
                }

                w.Line($"default: throw new global::System.FormatException(\"'\" + value.AsString() + \"' is not a name of {t.Replace("global::", string.Empty)}.\");");
                w.Close();
                w.Close();
                break;
            case CodecKind.Array:
            case CodecKind.List:
            case CodecKind.ReadOnlyList:
                EmitList(w, codec, t, v);
                break;
            case CodecKind.Dictionary:
            case CodecKind.ReadOnlyDictionary:
                var e = codec.Element!;
                w.Open($"public {v} Encode({t} value)");
                w.Line($"var entries = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, {v}>>(value.Count);");
                w.Line($"foreach (var pair in value) entries.Add(new global::System.Collections.Generic.KeyValuePair<string, {v}>(pair.Key, {Code.Encode(e, "pair.Value")}));");
                w.Line($"return {Code.Ipld}IpldMap.Create(entries);");
                w.Close();
                w.Open($"public {t} Decode({v} value)");
                w.Line("var map = value.AsMap();");
                w.Line($"var result = new global::System.Collections.Generic.Dictionary<string, {e.Written}>(map.Count, global::System.StringComparer.Ordinal);");
                w.Line($"foreach (var pair in map) result.Add(pair.Key, {Code.Decode(e, "pair.Value")});");
                w.Line("return result;");
                w.Close();
                break;
            case CodecKind.Nullable:
                w.Line($"public {v} Encode({t} value) => value.HasValue ? {Code.Encode(codec.Element!, "value.Value")} : {v}.Null;");
                w.Line($"public {t} Decode({v} value) => value.Kind == {Code.Ipld}IpldKind.Null ? default({t}) : {Code.Decode(codec.Element!, "value")};");
                break;
            case CodecKind.ReadOnlyMemoryOfByte:
                w.Line($"public {v} Encode({t} value) => new {Code.Ipld}IpldBytes(value.Span);");
                w.Line($"public {t} Decode({v} value) => value.AsBytes();");
                break;
            default:
                EmitObject(w, codec, t, v);
                break;
        }

        w.Close();
    }

    private static void EmitPrimitive(SourceWriter w, string t, string v)
    {
        var (encode, decode) = t switch
        {
            "float" => ($"new {Code.Ipld}IpldFloat(value)", $"(float)(value is {Code.Ipld}IpldInteger i ? (double)i.Value : value.AsDouble())"),
            "ulong" => ($"{Code.Ipld}IpldInteger.From(value)", $"checked((ulong)((({Code.Ipld}IpldInteger)value).Value))"),
            _ => ($"{Code.Ipld}IpldInteger.From((long)value)", $"checked(({t})value.AsInt64())"),
        };
        w.Line($"public {v} Encode({t} value) => {encode};");
        w.Line($"public {t} Decode({v} value) => {decode};");
    }

    private static void EmitList(SourceWriter w, CodecSpec codec, string t, string v)
    {
        var e = codec.Element!;
        w.Open($"public {v} Encode({t} value)");
        w.Line($"var items = new global::System.Collections.Generic.List<{v}>();");
        w.Line($"foreach (var item in value) items.Add({Code.Encode(e, "item")});");
        w.Line($"return {Code.Ipld}IpldList.Create(items);");
        w.Close();
        w.Open($"public {t} Decode({v} value)");
        w.Line("var list = value.AsList();");
        w.Line($"var result = new {e.Written}[list.Count];");
        w.Line($"for (var i = 0; i < result.Length; i++) result[i] = {Code.Decode(e, "list[i]")};");
        w.Line(codec.Kind == CodecKind.List ? $"return new global::System.Collections.Generic.List<{e.Written}>(result);" : "return result;");
        w.Close();
    }

    private static void EmitObject(SourceWriter w, CodecSpec codec, string t, string v)
    {
        w.Open($"public {v} Encode({t} value)");
        w.Line($"if (value is null) return {v}.Null;");
        var entries = string.Join(", ", codec.Members.Select(static m => $"({Code.Literal(m.Key)}, ({Code.Ipld}IpldValue)({Code.Encode(m.Type!, "value." + m.Name)}))"));
        w.Line(codec.Members.Count == 0 ? $"return {Code.Ipld}IpldMap.Empty;" : $"return {Code.Ipld}IpldMap.Create({entries});");
        w.Close();
        w.Open($"public {t} Decode({v} value)");
        w.Line("var map = value.AsMap();");
        var name = Code.Literal(t.Replace("global::", string.Empty));
        string Read(MemberSpec m) => Code.Decode(m.Type!, $"Field(map, {Code.Literal(m.Key)}, {name})");
        var ctor = codec.Members.Where(static m => m.ConstructorIndex >= 0).OrderBy(static m => m.ConstructorIndex).Select(Read);
        var init = codec.Members.Where(static m => m.ConstructorIndex < 0).Select(m => $"{m.Name} = {Read(m)}").ToList();
        w.Line($"return new {t}({string.Join(", ", ctor)}){(init.Count == 0 ? string.Empty : " { " + string.Join(", ", init) + " }")};");
        w.Close();
    }
}
