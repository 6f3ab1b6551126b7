using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Ipvm.Durable.Ipld;

internal ref partial struct DagJsonReader
{
    // Recognizes {"/":"cid"} and {"/":{"bytes":"base64"}} from the object's start token. False,
    // with the reader somewhere inside the object, for any other shape; the caller rewinds.
    private bool TryReadLinkOrBytes([NotNullWhen(true)] out IpldValue? value)
    {
        value = null;
        ReadToken();
        if (_json.TokenType != JsonTokenType.PropertyName || !_json.ValueTextEquals("/"u8))
        {
            return false;
        }

        ReadToken();
        if (_json.TokenType == JsonTokenType.String)
        {
            return TryReadLinkBody(out value);
        }

        if (_json.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        ReadToken();
        if (_json.TokenType != JsonTokenType.PropertyName || !_json.ValueTextEquals("bytes"u8))
        {
            return false;
        }

        ReadToken();
        if (_json.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var textStart = _json.TokenStartIndex;
        var text = GetString();
        if (!TryReadEndObject() || !TryReadEndObject())
        {
            return false;
        }

        if (!DagJsonBase64.TryDecode(text, out var bytes))
        {
            Throw(textStart, "the bytes are not valid base64 (standard alphabet, padding optional)");
        }

        value = IpldBytes.TakeOwnership(bytes);
        return true;
    }

    private bool TryReadLinkBody([NotNullWhen(true)] out IpldValue? value)
    {
        value = null;
        var textStart = _json.TokenStartIndex;
        var text = GetString();
        if (!TryReadEndObject())
        {
            return false;
        }

        if (!Cid.TryParse(text, out var cid, out var error))
        {
            Throw(textStart, "the link's CID is invalid: " + error);
        }

        value = new IpldLink(cid);
        return true;
    }

    private bool TryReadEndObject()
    {
        ReadToken();
        return _json.TokenType == JsonTokenType.EndObject;
    }
}
