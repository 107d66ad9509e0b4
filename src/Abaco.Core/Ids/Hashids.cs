using System.Numerics;
using System.Text;

namespace Abaco.Core.Ids;

/// <summary>
/// The Hashids algorithm as the python <c>hashids</c> 1.x package implements it (the one the original Abaco uses),
/// over arbitrary non-negative integers. HashidsNet cannot stand in for it: its <c>long</c> API overflows for the
/// original's ids at or above 2^63.
/// </summary>
/// <remarks>
/// An id is: a lottery character, then each number written in base <c>alphabet.Length</c> with an alphabet that is
/// reshuffled before every number, the numbers joined by separators. Ids shorter than the minimum length are wrapped
/// in guards and padding. Decoding re-encodes what it read, so any string this instance would not produce decodes
/// to nothing.
/// </remarks>
internal sealed class Hashids
{
    public const string DefaultAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890";

    private const string DefaultSeparators = "cfhistuCFHISTU";
    private const double SeparatorRatio = 3.5; // at least one separator per 3.5 alphabet characters
    private const double GuardRatio = 12;      // one guard per 12 alphabet characters
    private const int MinAlphabetLength = 16;

    private readonly string _salt;
    private readonly int _minLength;
    private readonly string _alphabet;
    private readonly string _separators;
    private readonly string _guards;

    public Hashids(string salt = "", int minLength = 0, string alphabet = DefaultAlphabet)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(alphabet);
        _salt = salt;
        _minLength = Math.Max(minLength, 0);

        // The separators are the default ones the alphabet contains; the alphabet is what is left, deduplicated.
        var separators = string.Concat(DefaultSeparators.Where(alphabet.Contains));
        var letters = "";
        foreach (var c in alphabet)
        {
            if (!separators.Contains(c) && !letters.Contains(c)) letters += c;
        }
        if (letters.Length + separators.Length < MinAlphabetLength)
            throw new ArgumentException($"The alphabet must contain at least {MinAlphabetLength} unique characters.", nameof(alphabet));

        separators = Shuffle(separators, salt);

        // Too few separators for the alphabet: take the missing ones from the front of the alphabet.
        var missing = (int)Math.Ceiling(letters.Length / SeparatorRatio) - separators.Length;
        if (missing > 0)
        {
            separators += letters[..missing];
            letters = letters[missing..];
        }

        letters = Shuffle(letters, salt);

        // Guards come from the front of the alphabet (or of the separators, when the alphabet is tiny).
        var guardCount = (int)Math.Ceiling(letters.Length / GuardRatio);
        if (letters.Length < 3)
        {
            _guards = separators[..guardCount];
            separators = separators[guardCount..];
        }
        else
        {
            _guards = letters[..guardCount];
            letters = letters[guardCount..];
        }

        _alphabet = letters;
        _separators = separators;
    }

    /// <summary>The id of one or more non-negative numbers.</summary>
    /// <exception cref="ArgumentException">No number was given, or one is negative.</exception>
    public string Encode(params ReadOnlySpan<BigInteger> numbers)
    {
        if (numbers.IsEmpty)
            throw new ArgumentException("At least one number is needed.", nameof(numbers));
        foreach (var number in numbers)
        {
            if (number.Sign < 0)
                throw new ArgumentException($"Only non-negative numbers can be encoded (got {number}).", nameof(numbers));
        }

        BigInteger numbersHash = 0;
        for (var i = 0; i < numbers.Length; i++)
            numbersHash += numbers[i] % (i + 100);

        var alphabet = _alphabet;
        var lottery = alphabet[(int)(numbersHash % alphabet.Length)];
        var id = new StringBuilder().Append(lottery);

        for (var i = 0; i < numbers.Length; i++)
        {
            alphabet = Shuffle(alphabet, NumberSalt(lottery, alphabet));
            var digits = ToDigits(numbers[i], alphabet);
            id.Append(digits);
            if (i < numbers.Length - 1)
                id.Append(_separators[(int)(numbers[i] % (digits[0] + i) % _separators.Length)]);
        }

        return id.Length >= _minLength ? id.ToString() : Pad(id.ToString(), alphabet, numbersHash);
    }

    /// <summary>The numbers <paramref name="id"/> encodes; empty when it is not an id this instance produces.</summary>
    public BigInteger[] Decode(string? id)
    {
        if (string.IsNullOrEmpty(id)) return [];

        // Drop the padding: the payload sits between the guards, if there are any.
        var parts = id.Split(_guards.ToCharArray());
        var payload = parts.Length is 2 or 3 ? parts[1] : parts[0];
        if (payload.Length == 0) return [];

        var lottery = payload[0];
        var alphabet = _alphabet;
        var chunks = payload[1..].Split(_separators.ToCharArray());
        var numbers = new BigInteger[chunks.Length];
        for (var i = 0; i < chunks.Length; i++)
        {
            alphabet = Shuffle(alphabet, NumberSalt(lottery, alphabet));
            if (!TryFromDigits(chunks[i], alphabet, out numbers[i])) return [];
        }

        // Only ids this instance would produce are valid: this rejects a wrong lottery, a wrong salt, stray padding...
        return Encode(numbers) == id ? numbers : [];
    }

    /// <summary>The salt of the shuffle before each number: the lottery, the salt, then the current alphabet.</summary>
    private string NumberSalt(char lottery, string alphabet) =>
        string.Concat(lottery.ToString(), _salt, alphabet)[..alphabet.Length];

    /// <summary>Brings a short id up to the minimum length: a guard at either end, then halves of the alphabet.</summary>
    private string Pad(string id, string alphabet, BigInteger numbersHash)
    {
        id = Guard(numbersHash, id[0]) + id;
        if (id.Length < _minLength)
            id += Guard(numbersHash, id[2]);

        var half = alphabet.Length / 2;
        while (id.Length < _minLength)
        {
            alphabet = Shuffle(alphabet, alphabet);
            id = alphabet[half..] + id + alphabet[..half];
            var excess = id.Length - _minLength;
            if (excess > 0)
                id = id.Substring(excess / 2, _minLength);
        }

        return id;
    }

    private char Guard(BigInteger numbersHash, char c) => _guards[(int)((numbersHash + c) % _guards.Length)];

    /// <summary>The "consistent shuffle": a salt-driven, deterministic permutation of <paramref name="chars"/>.</summary>
    private static string Shuffle(string chars, string salt)
    {
        if (salt.Length == 0) return chars;

        var result = chars.ToCharArray();
        var saltIndex = 0;
        long saltSum = 0;
        for (var i = result.Length - 1; i > 0; i--)
        {
            int saltChar = salt[saltIndex];
            saltSum += saltChar;
            var j = (int)((saltChar + saltIndex + saltSum) % i);
            (result[i], result[j]) = (result[j], result[i]);
            saltIndex = (saltIndex + 1) % salt.Length;
        }

        return new string(result);
    }

    /// <summary><paramref name="number"/> written in base <c>alphabet.Length</c>, most significant digit first.</summary>
    private static string ToDigits(BigInteger number, string alphabet)
    {
        var digits = new StringBuilder();
        do
        {
            number = BigInteger.DivRem(number, alphabet.Length, out var digit);
            digits.Insert(0, alphabet[(int)digit]);
        } while (!number.IsZero);

        return digits.ToString();
    }

    /// <summary>The inverse of <see cref="ToDigits"/>; false when a character is not in the alphabet.</summary>
    private static bool TryFromDigits(string digits, string alphabet, out BigInteger number)
    {
        number = BigInteger.Zero;
        foreach (var c in digits)
        {
            var digit = alphabet.IndexOf(c);
            if (digit < 0) return false;
            number = number * alphabet.Length + digit;
        }

        return true;
    }
}
