using System.Text.Json;

namespace Abaco.Admin;

/// <summary>Turns a verb's JSON answer into what an operator reads.</summary>
internal delegate string Render(JsonElement answer);

/// <summary>The human form of each verb's answer (<c>--json</c> prints the answer as it came).</summary>
internal static class Renderers
{
    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join(",", v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.ToString())),
        _ => v.ToString(),
    } : "";

    private static IEnumerable<JsonElement> A(JsonElement e, string? name = null) =>
        name is null ? e.EnumerateArray() :
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static IEnumerable<(string Key, string Value)> O(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString()))
            : [];

    private static string Rows(string[] headers, IEnumerable<JsonElement> items, Func<JsonElement, string[]> row) =>
        Table.Format(headers, items.Select(i => (IReadOnlyList<string>)row(i)).ToList());

    public static string ClusterShow(JsonElement a)
    {
        var members = Rows(["ADDRESS", "STATUS", "REACHABLE", "ROLES", "VERSION", "LEADER", ""], A(a, "members"),
            m => [S(m, "address"), S(m, "status"), S(m, "reachable"), S(m, "roles"), S(m, "appVersion"),
                S(m, "isLeader") == "yes" ? "leader" : "", S(m, "isSelf") == "yes" ? "(this node)" : ""]);
        var oldest = string.Join("", O(a, "oldestPerRole").Select(p => $"oldest {p.Key}: {p.Value}\n"));
        return $"{members}leader: {Or(S(a, "leader"))}\n{oldest}";
    }

    public static string Leader(JsonElement a) =>
        $"leader: {Or(S(a, "leader"))}\n" + string.Join("", O(a, "roleLeaders").Select(p => $"leader of {p.Key}: {Or(p.Value)}\n"));

    public static string Done(JsonElement a) => S(a, "message") + "\n";

    public static string ClusterEvent(JsonElement e) =>
        $"{S(e, "time")}  {S(e, "event"),-14} {S(e, "address")}  {S(e, "status")}  {S(e, "roles")}".TrimEnd() + "\n";

    public static string Regions(JsonElement a) => Rows(["TYPE", "ADDRESS", "KIND", "SHARDS", "ENTITIES"], A(a),
        r => [S(r, "typeName"), S(r, "address"), S(r, "kind"), S(r, "shards"), S(r, "entities")]);

    public static string Shards(JsonElement a) => Rows(["TYPE", "SHARD", "ADDRESS", "ENTITIES"], A(a),
        s => [S(s, "typeName"), S(s, "shardId"), S(s, "address"), S(s, "entities")]);

    public static string Singletons(JsonElement a) => Rows(["SINGLETON", "ROLE", "ADDRESS", "ANSWERED"], A(a),
        s => [S(s, "name"), S(s, "role"), Or(S(s, "address")), S(s, "confirmed")]);

    public static string Nodes(JsonElement a) => Rows(
        ["ADDRESS", "STATUS", "ROLES", "HOST ID", "WORKERS", "CONTAINERS", "SLOTS", "DRAINED", "PROBLEM"], A(a),
        n => [S(n, "address"), S(n, "status"), S(n, "roles"), S(n, "hostId"),
            string.Join(",", O(n, "workersByStatus").Select(p => $"{p.Key}={p.Value}")), S(n, "containers"),
            S(n, "slotsCapacity") is "" or "0" ? "" : $"{S(n, "slotsUsed")}/{S(n, "slotsCapacity")}",
            Drained(n), S(n, "problem")]);

    private static string Drained(JsonElement node)
    {
        var spawners = A(node, "spawners").ToList();
        return spawners.Count == 0 ? "" : spawners.Any(s => S(s, "drained") == "yes") ? "yes" : "no";
    }

    public static string NodeDescription(JsonElement n) =>
        $"{S(n, "address")} (host {S(n, "hostId")}): " + string.Join("; ", A(n, "spawners").Select(s =>
            $"spawner {S(s, "queue")} {(S(s, "drained") == "yes" ? "drained" : "accepting workers")}, " +
            $"{A(s, "workers").Count()} worker(s) running")) + "\n";

    public static string Actors(JsonElement a) => Rows(["ACTOR", "SHARD", "NODE"], A(a),
        p => [S(p, "dbId"), S(p, "shardId"), S(p, "address")]);

    public static string Inspect(JsonElement i) =>
        $"actor:     {S(i, "dbId")}\nstatus:    {S(i, "status")} ({S(i, "behaviour")})\nnode:      {S(i, "node")}\n" +
        $"journal:   sequence number {S(i, "sequenceNr")}\nqueued:    {S(i, "pending")} message(s)\n" +
        $"running:   {Or(S(i, "running"))}\nlast error: {Or(S(i, "lastError"))}\n" +
        Rows(["WORKER", "STATUS", "HOST ID", "NODE", "CONTAINER", "EXECUTION"], A(i, "workers"),
            w => [S(w, "id"), S(w, "status"), S(w, "hostId"), S(w, "node"), Short(S(w, "containerId")), S(w, "execution")]);

    public static string Workers(JsonElement a) => Rows(["WORKER", "ACTOR", "STATUS", "HOST ID", "CONTAINER", "LIVE"], A(a),
        w => [S(w, "id"), S(w, "actorDbId"), S(w, "status"), S(w, "hostId"), Short(S(w, "containerId")), S(w, "live")]);

    public static string Reconcile(JsonElement r)
    {
        var verb = S(r, "dryRun") == "yes" ? "would remove" : "removed";
        var containers = A(r, "containers").ToList();
        var records = A(r, "workerRecords").ToList();
        var text = $"{verb} {containers.Count} container(s) and {records.Count} worker record(s)\n";
        if (containers.Count > 0)
            text += Rows(["CONTAINER", "NAME", "WORKER", "ACTOR", "STATE"], containers,
                c => [Short(S(c, "id")), S(c, "name"), S(c, "workerId"), S(c, "actorDbId"), S(c, "state")]);
        if (records.Count > 0)
            text += Rows(["WORKER RECORD", "ACTOR", "STATUS", "HOST ID"], records,
                w => [S(w, "id"), S(w, "actorDbId"), S(w, "status"), S(w, "hostId")]);
        return text + string.Join("", A(r, "problems").Select(p => $"problem: {p.GetString()}\n"));
    }

    public static string LogLines(JsonElement a) => string.Concat(A(a).Select(LogLine));

    public static string LogLine(JsonElement l) => $"{S(l, "time")} {S(l, "level"),-8} {S(l, "category")}: {S(l, "message")}\n";

    private static string Or(string value) => value.Length == 0 ? "-" : value;

    private static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;
}
