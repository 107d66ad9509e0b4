using Xunit.Abstractions;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>
/// A row's name as the theory's argument: serializable, so each row is a test case of its own, and shown whole
/// (xUnit cuts string arguments short in display names, not an object's <see cref="ToString"/>).
/// </summary>
public sealed class MatrixCase : IXunitSerializable
{
    [Obsolete("For the serializer only.")]
    public MatrixCase() => Name = "";

    public MatrixCase(string name) => Name = name;

    public string Name { get; private set; }

    public void Deserialize(IXunitSerializationInfo info) => Name = info.GetValue<string>(nameof(Name));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(Name), Name);

    public override string ToString() => Name;
}
