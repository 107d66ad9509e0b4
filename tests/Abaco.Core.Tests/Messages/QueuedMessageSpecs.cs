using Abaco.Core.Messages;

namespace Abaco.Core.Tests.Messages;

public sealed class QueuedMessageSpecs
{
    [Fact(DisplayName = "A str message is MSG as sent, even when it looks like JSON")]
    public void Str_message_is_passed_as_is()
    {
        Assert.Equal("hello world", Samples.Message("e1", MessageKind.Str, "hello world").Msg());
        Assert.Equal("""{"a": 1}""", Samples.Message("e1", MessageKind.Str, """{"a": 1}""").Msg());
        Assert.Equal("", Samples.Message("e1", MessageKind.Str, "").Msg());
    }

    [Theory(DisplayName = "A JSON message is MSG as Python's str() of the parsed body")]
    [InlineData("""{"a": 1, "b": [true, null]}""", "{'a': 1, 'b': [True, None]}")]
    [InlineData("""{"x": "it's"}""", """{'x': "it's"}""")]
    [InlineData("[1, 2.0]", "[1, 2.0]")]
    [InlineData("\"just text\"", "just text")]
    [InlineData("3", "3")]
    public void Json_message_is_a_python_literal(string body, string msg)
    {
        Assert.Equal(msg, Samples.Message("e1", MessageKind.Json, body).Msg());
    }

    [Fact(DisplayName = "ContentType is str or application/json, as _abaco_Content_Type in the original")]
    public void Content_type()
    {
        Assert.Equal("str", Samples.Message("e1", MessageKind.Str).ContentType);
        Assert.Equal("application/json", Samples.Message("e1", MessageKind.Json, "{}").ContentType);
        Assert.Equal("str", QueuedMessage.StrContentType);
        Assert.Equal("application/json", QueuedMessage.JsonContentType);
    }

    [Theory(DisplayName = "A text body travels inline up to max_inline_message UTF-8 bytes, not one byte more")]
    [InlineData("abcd", 4, false)]
    [InlineData("abcde", 4, true)]
    [InlineData("ab✓", 5, false)] // ✓ is 3 bytes: 5 in all
    [InlineData("ab✓", 4, true)]
    public void Too_long_to_carry_counts_bytes(string body, long maxInline, bool tooLong)
    {
        Assert.Equal(tooLong, QueuedMessage.TooLongToCarry(body, maxInline));
    }

    [Fact(DisplayName = "A text message stored apart carries only its reference, and WithText gives back the same MSG")]
    public void Stored_apart_and_back()
    {
        var message = Samples.Message("e1", MessageKind.Json, """{"a": 1}""");
        var stored = message.StoredApart(new MessageBodyRef("b1", 8, "ab"));

        Assert.Equal("", stored.Body);
        Assert.True(stored.HasStoredText);
        Assert.False(stored.IsBinary);
        Assert.Equal("application/json", stored.ContentType);
        Assert.Throws<InvalidOperationException>(() => stored.Msg());
        var back = stored.WithText("""{"a": 1}""");
        Assert.False(back.HasStoredText);
        Assert.Equal(message.Msg(), back.Msg());
    }
}
