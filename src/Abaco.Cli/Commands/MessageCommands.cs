using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary><c>abaco messages send|count|purge</c> (original-abaco.md §1.4 #14-#16).</summary>
public static class MessageCommands
{
    public static readonly string[] SentColumns = ["execution_id", "msg"];

    /// <summary>What <c>messages send</c> and <c>run</c> take to make a message.</summary>
    public sealed class MessageOptions
    {
        public Argument<string?> Message { get; } = new("MESSAGE") { Description = "the message (text, or JSON with --json)", Arity = ArgumentArity.ZeroOrOne };
        public Option<bool> Json { get; } = new("--json") { Description = "MESSAGE is a JSON document, sent as application/json" };
        public Option<string?> Binary { get; } = new("--binary") { Description = "send this file's bytes as a binary message ('-' = standard input)" };
        public Option<string[]> Environment { get; } = new("--env", "-e") { Description = "KEY=VALUE for the container's environment (a query parameter; repeatable)" };

        public IEnumerable<Symbol> All => [Message, Json, Binary, Environment];

        /// <summary>The body: text as the form field 'message', JSON as JSON, a file's bytes as octet-stream.</summary>
        public async Task<HttpContent> ContentAsync(Call c)
        {
            var message = c.Value(Message);
            var binary = c.Value(Binary);
            if (binary is not null && message is not null) throw new CliUsageException("give MESSAGE or --binary, not both.");
            if (binary is not null)
            {
                if (c.Value(Json)) throw new CliUsageException("--json is for MESSAGE, not --binary.");
                var content = new ByteArrayContent(await ReadBytesAsync(c, binary));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return content;
            }
            if (message is null) throw new CliUsageException("give a MESSAGE (or --binary FILE).");
            if (c.Value(Json))
                return new StringContent(ActorCommands.RequireJson(message, "with --json, MESSAGE").ToJsonString(), Encoding.UTF8,
                    "application/json");
            return new FormUrlEncodedContent([new KeyValuePair<string, string>("message", message)]);
        }

        public List<KeyValuePair<string, string>> Query(Call c) =>
            ActorFields.Pairs(c.Value(Environment) ?? [], "--env")
                .Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>()))
                .ToList();

        private static async Task<byte[]> ReadBytesAsync(Call c, string path)
        {
            try
            {
                if (path != "-") return await File.ReadAllBytesAsync(path, c.Cancel);
                await using var stdin = c.Environment.OpenStdin();
                using var buffer = new MemoryStream();
                await stdin.CopyToAsync(buffer, c.Cancel);
                return buffer.ToArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot read {path}: {e.Message}");
            }
        }
    }

    public static Command Messages(CommandKit kit)
    {
        var actor = ActorCommands.ActorArgument();
        var message = new MessageOptions();
        var sync = new Option<bool>("--sync") { Description = "wait for the execution and print its first result (or its logs) raw" };
        return kit.Group("messages", "send messages to an actor; count or purge its queue",
            kit.Make("send", "send a message: one execution", c => SendAsync(c, actor, message, sync), [actor, .. message.All, sync]),
            kit.Show("count", "how many messages wait for the actor",
                c => c.Client.GetAsync(AbacoClient.Path("actors", c.Value(actor), "messages"), c.Cancel), null, actor),
            kit.Show("purge", "drop the actor's waiting messages (their executions end in ERROR)",
                c => c.Client.DeleteAsync(AbacoClient.Path("actors", c.Value(actor), "messages"), c.Cancel), null, actor));
    }

    private static async Task<int> SendAsync(Call c, Argument<string> actor, MessageOptions message, Option<bool> sync)
    {
        var path = AbacoClient.Path("actors", c.Value(actor), "messages");
        var content = await message.ContentAsync(c);
        var query = message.Query(c);
        if (c.Value(sync))
        {
            query.Add(new("_abaco_synchronous", "true"));
            await c.WriteBytesAsync(await c.Client.RawAsync(HttpMethod.Post, path, content, c.Cancel, query));
            return ExitCodes.Ok;
        }
        await c.PrintAsync(await c.Client.CallAsync(HttpMethod.Post, path, content, c.Cancel, query), SentColumns);
        return ExitCodes.Ok;
    }
}
