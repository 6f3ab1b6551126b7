using System.Text;

namespace Ipvm.Durable.Ipld.Tests;

public sealed class IpldModelTests
{
    [Fact]
    public void Maps_are_equal_whatever_the_insertion_order()
    {
        var a = IpldMap.Create(("b", 1), ("a", 2), ("cc", IpldList.Create("x")));
        var b = IpldMap.Create(("cc", IpldList.Create("x")), ("a", 2), ("b", 1));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(["a", "b", "cc"], a.Keys);
        Assert.Equal(DagCbor.Encode(a), DagCbor.Encode(b));
    }

    [Fact]
    public void Negative_zero_is_not_zero()
    {
        Assert.NotEqual(new IpldFloat(0.0), new IpldFloat(-0.0));
        Assert.Equal(new IpldFloat(-0.0), new IpldFloat(-0.0));
        Assert.NotEqual(DagCbor.Encode(new IpldFloat(0.0)), DagCbor.Encode(new IpldFloat(-0.0)));
    }

    [Fact]
    public void Integers_and_floats_of_the_same_number_differ()
    {
        Assert.NotEqual<IpldValue>(IpldInteger.From(1L), new IpldFloat(1.0));
    }

    [Fact]
    public void Integer_range_is_the_cbor_range()
    {
        Assert.Equal("18446744073709551615", IpldInteger.From(IpldInteger.MaxValue).ToString());
        Assert.Equal("-18446744073709551616", IpldInteger.From(IpldInteger.MinValue).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => IpldInteger.From(IpldInteger.MaxValue + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IpldInteger.From(IpldInteger.MinValue - 1));
        Assert.Equal(IpldInteger.From(IpldInteger.MinValue), IpldInteger.FromCbor(negative: true, ulong.MaxValue));
    }

    [Fact]
    public void Int64_accessor_names_the_value_that_does_not_fit()
    {
        var error = Assert.Throws<OverflowException>(() => IpldInteger.From(IpldInteger.MaxValue).AsInt64());

        Assert.Contains("18446744073709551615", error.Message, StringComparison.Ordinal);
        Assert.Equal(long.MinValue, IpldInteger.From((Int128)long.MinValue).AsInt64());
    }

    [Fact]
    public void Accessors_name_the_expected_and_the_actual_kind()
    {
        IpldValue value = "text";

        var error = Assert.Throws<InvalidOperationException>(() => value.AsInt64());

        Assert.Equal("Expected an IPLD Integer but found String.", error.Message);
        Assert.Equal("text", value.AsString());
        Assert.Throws<InvalidOperationException>(() => value.AsMap());
        Assert.Throws<InvalidOperationException>(() => IpldValue.Null.AsLink());
    }

    [Fact]
    public void Map_lookups_and_construction_errors_name_the_key()
    {
        var map = IpldMap.Create(("present", 1));

        Assert.Contains("'absent'", Assert.Throws<KeyNotFoundException>(() => map["absent"]).Message, StringComparison.Ordinal);
        Assert.Null(map.GetValueOrDefault("absent"));
        Assert.Contains("'k'", Assert.Throws<ArgumentException>(() => IpldMap.Create(("k", 1), ("k", 2))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_maps_find_every_key()
    {
        var keys = Enumerable.Range(0, 100).Select(i => new string('k', i % 7 + 1) + i).ToArray();
        var map = IpldMap.Create(keys.Select(k => new KeyValuePair<string, IpldValue>(k, k)));

        Assert.All(keys, k => Assert.Equal(k, map[k].AsString()));
        Assert.False(map.ContainsKey("missing"));
    }

    [Fact]
    public void Bytes_are_copied_in()
    {
        var source = new byte[] { 1, 2, 3 };
        var bytes = new IpldBytes(source);

        source[0] = 9;

        Assert.Equal(1, bytes.Span[0]);
    }

    [Fact]
    public void Dag_cbor_key_order_is_length_first()
    {
        string[] keys = ["aa", "b", "a", "ab", "bbb"];

        Assert.Equal(["a", "b", "aa", "ab", "bbb"], keys.Order(MapKeyOrder.DagCbor));
        Assert.Equal(["a", "aa", "ab", "b", "bbb"], keys.Order(MapKeyOrder.DagJson));
    }

    [Fact]
    public void Surrogate_pairs_sort_after_the_end_of_the_bmp_as_in_utf8()
    {
        const string privateUse = "\uE000";
        const string lastBmp = "\uFFFFa";
        const string astral = "\U00010000"; // a surrogate pair in UTF-16, 4 bytes in UTF-8 like lastBmp

        Assert.True(string.CompareOrdinal(astral, lastBmp) < 0); // UTF-16 order gets this wrong
        Assert.True(MapKeyOrder.CompareCodePoints(lastBmp, astral) < 0);
        Assert.True(MapKeyOrder.CompareDagCbor(lastBmp, astral) < 0);
        Assert.True(MapKeyOrder.CompareCodePoints(privateUse, astral) < 0);
        Assert.True(MapKeyOrder.CompareCodePoints("\uD7FF", privateUse) < 0);
    }

    [Fact]
    public void Key_orders_agree_with_comparing_the_utf8_bytes()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var a = RandomIpld.String(random, 4);
            var b = RandomIpld.String(random, 4);
            var utf8A = Encoding.UTF8.GetBytes(a);
            var utf8B = Encoding.UTF8.GetBytes(b);

            var bytewise = Math.Sign(utf8A.AsSpan().SequenceCompareTo(utf8B));
            var lengthFirst = utf8A.Length != utf8B.Length ? Math.Sign(utf8A.Length - utf8B.Length) : bytewise;

            Assert.Equal(bytewise, Math.Sign(MapKeyOrder.CompareCodePoints(a, b)));
            Assert.Equal(lengthFirst, Math.Sign(MapKeyOrder.CompareDagCbor(a, b)));
        }
    }

    [Fact]
    public void Lone_surrogates_cannot_be_encoded()
    {
        Assert.Throws<IpldEncodingException>(() => DagCbor.Encode(new IpldString("\uD800")));
        Assert.Throws<IpldEncodingException>(() => DagJson.Encode(new IpldString("a\uDC00")));
    }

    [Fact]
    public void Nan_and_infinities_cannot_be_encoded()
    {
        Assert.Throws<IpldEncodingException>(() => DagCbor.Encode(new IpldFloat(double.NaN)));
        Assert.Throws<IpldEncodingException>(() => DagJson.Encode(new IpldFloat(double.PositiveInfinity)));
    }

    [Fact]
    public void To_string_is_dag_json()
    {
        var value = IpldMap.Create(("b", new IpldBytes([0xa1])), ("n", IpldValue.Null), ("f", 1.5));

        Assert.Equal("""{"b":{"/":{"bytes":"oQ"}},"f":1.5,"n":null}""", value.ToString());
    }
}
