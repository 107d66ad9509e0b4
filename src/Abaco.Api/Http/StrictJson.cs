using System.Text.Json;

namespace Abaco.Api.Http;

/// <summary>
/// How request bodies are parsed: a key given twice is a <see cref="JsonException"/> (so a 400), because readers
/// disagree on which of the two counts — the privilege check and the route must read the same value. Depth stays
/// at the default limit of 64.
/// </summary>
public static class StrictJson
{
    public static readonly JsonDocumentOptions Document = new() { AllowDuplicateProperties = false };
}
