using Akka.Actor;

namespace Abaco.Runtime.Downing;

/// <summary>
/// Which members are suspected of having lost their process, and when the evidence suffices to down one. A member is
/// suspect for <c>window</c> after this node lost its connection to it, and for as long as the failure detector calls it
/// unreachable. It is dead after <c>refusalsNeeded</c> refusals in a row on its remoting port; any other answer starts
/// the count again (a restarting process may briefly refuse, then listen).
/// </summary>
public sealed class DeadMemberSuspicion(int refusalsNeeded, TimeSpan window)
{
    private readonly Dictionary<Address, Suspect> _suspects = new();

    private sealed class Suspect
    {
        public DateTimeOffset Until { get; set; }
        public bool Unreachable { get; set; }
        public int Refusals { get; set; }
    }

    public bool Any => _suspects.Count > 0;

    /// <summary>This node's connection to <paramref name="member"/> ended or failed.</summary>
    public void ConnectionLost(Address member, DateTimeOffset now) => Get(member).Until = now + window;

    public void Unreachable(Address member) => Get(member).Unreachable = true;

    public void Reachable(Address member)
    {
        if (_suspects.TryGetValue(member, out var suspect)) suspect.Unreachable = false;
    }

    /// <summary>The member left the membership (downed or removed): nothing more to decide about it.</summary>
    public void Forget(Address member) => _suspects.Remove(member);

    /// <summary>The members to try now; those whose suspicion lapsed are dropped.</summary>
    public IReadOnlyList<Address> ToProbe(DateTimeOffset now)
    {
        foreach (var (member, suspect) in _suspects.ToList())
            if (!suspect.Unreachable && suspect.Until < now) _suspects.Remove(member);
        return [.. _suspects.Keys];
    }

    /// <summary>Records an answer; true when it makes the member dead (it is then forgotten).</summary>
    public bool IsDeadAfter(Address member, PortAnswer answer)
    {
        if (!_suspects.TryGetValue(member, out var suspect)) return false;
        suspect.Refusals = answer == PortAnswer.Refused ? suspect.Refusals + 1 : 0;
        if (suspect.Refusals < refusalsNeeded) return false;
        _suspects.Remove(member);
        return true;
    }

    private Suspect Get(Address member)
    {
        if (!_suspects.TryGetValue(member, out var suspect)) _suspects[member] = suspect = new Suspect();
        return suspect;
    }
}
