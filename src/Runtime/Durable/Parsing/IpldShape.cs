using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Typed field access that throws <see cref="WorkflowFormatException"/> naming the JSON path.</summary>
internal static class IpldShape
{
    public static IpldMap Map(IpldValue value, string path) =>
        value as IpldMap ?? throw Wrong(path, "a map", value);

    public static IpldList List(IpldValue value, string path) =>
        value as IpldList ?? throw Wrong(path, "a list", value);

    public static IpldValue Required(IpldMap map, string key, string path) =>
        map.GetValueOrDefault(key) ?? throw new WorkflowFormatException(Join(path, key), "is required but missing");

    public static string String(IpldMap map, string key, string path) =>
        Required(map, key, path) is IpldString s ? s.Value : throw Wrong(Join(path, key), "a string", map[key]);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static WorkflowFormatException Wrong(string path, string expected, IpldValue actual) =>
        new(path, $"expected {expected}, found {Describe(actual)}");

    private static string Describe(IpldValue value) => value.Kind switch
    {
        IpldKind.Map => "a map",
        IpldKind.List => "a list",
        IpldKind.String => "a string",
        IpldKind.Integer => "an integer",
        IpldKind.Float => "a float",
        IpldKind.Bool => "a boolean",
        IpldKind.Null => "null",
        IpldKind.Bytes => "bytes",
        IpldKind.Link => "a link",
        _ => value.Kind.ToString(),
    };
}
