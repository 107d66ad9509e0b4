using System.Text.Json.Nodes;
using Abaco.Core.Settings;
using Abaco.Core.Text;

namespace Abaco.Api.Views;

/// <summary>
/// The display documents are built with the original's snake_case names; in camel mode (<c>web.case</c>) only the
/// top-level names are converted, as the original did.
/// </summary>
public sealed class ViewCase(AbacoSettings settings)
{
    public JsonObject Cased(JsonObject snake)
    {
        if (settings.Web.Case == CaseStyle.Snake) return snake;
        var camel = new JsonObject();
        foreach (var (key, value) in snake.ToList())
        {
            snake.Remove(key);
            camel[FieldCase.ToCamel(key)] = value;
        }
        return camel;
    }
}
