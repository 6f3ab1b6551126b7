namespace Ipvm.Durable.Ipld;

/// <summary>Text for <see cref="IpldValue.ToString"/>: DAG-JSON, or a note where the value has no DAG-JSON form.</summary>
internal static class IpldDebugText
{
    public static string Format(IpldValue value)
    {
        try
        {
            return DagJson.EncodeToString(value);
        }
        catch (IpldEncodingException e)
        {
            return $"<{value.Kind}: {e.Message}>";
        }
    }
}
