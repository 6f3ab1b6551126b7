using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// SHA3-256 as FIPS 202 defines it (Keccak-f[1600], rate 136 bytes, domain bits 01 then pad10*1), in managed
/// code: the platform's SHA3_256 costs an OpenSSL EVP setup per call, which dominates for the small blocks
/// IPVM names, and is missing where the platform crypto library lacks SHA-3.
/// </summary>
internal static class Sha3Digest
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSizeInBytes = 32;

    private const int RateInBytes = 136;
    private const int RateInLanes = RateInBytes / sizeof(ulong);

    // RC[i] for the 24 rounds, derived with FIPS 202 Algorithm 5 (rc) and Algorithm 6 (iota).
    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL
    ];

    /// <summary>Writes the SHA3-256 digest of <paramref name="data"/> to <paramref name="destination"/> and returns 32.</summary>
    public static int HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            ThrowDestinationTooShort();
        }

        // Lane x + 5y of FIPS 202's state array A[x, y]; bytes map to lanes little-endian (section 3.1.2).
        Span<ulong> state = stackalloc ulong[25];
        while (data.Length >= RateInBytes)
        {
            Absorb(state, data[..RateInBytes]);
            Permute(state);
            data = data[RateInBytes..];
        }

        // The last block is never full: SHA3's suffix 01 and pad10*1 always add at least one byte
        // (0x06 ... 0x80, or 0x86 when a single byte remains).
        Span<byte> last = stackalloc byte[RateInBytes];
        data.CopyTo(last);
        last[data.Length] ^= 0x06;
        last[RateInBytes - 1] ^= 0x80;
        Absorb(state, last);
        Permute(state);

        // 32 bytes are less than one rate, so a single squeeze suffices.
        for (var i = 0; i < HashSizeInBytes / sizeof(ulong); i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(i * sizeof(ulong), sizeof(ulong)), state[i]);
        }

        return HashSizeInBytes;
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < RateInLanes; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(i * sizeof(ulong), sizeof(ulong)));
        }
    }

    // Keccak-f[1600] (FIPS 202 Algorithm 7) with the lanes in locals, so the JIT keeps what it can in registers.
    // aXY and eXY are A[X, Y]; rho's offsets and pi's lane order were derived with FIPS 202 Algorithms 2 and 3.
    // Optimized from the first call: unoptimized code (which would not even inline the rotations) is many times
    // slower, and an engine may hash only a dozen blocks a workflow run. Nothing here benefits from PGO.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Permute(Span<ulong> state)
    {
        var a00 = state[0];
        var a10 = state[1];
        var a20 = state[2];
        var a30 = state[3];
        var a40 = state[4];
        var a01 = state[5];
        var a11 = state[6];
        var a21 = state[7];
        var a31 = state[8];
        var a41 = state[9];
        var a02 = state[10];
        var a12 = state[11];
        var a22 = state[12];
        var a32 = state[13];
        var a42 = state[14];
        var a03 = state[15];
        var a13 = state[16];
        var a23 = state[17];
        var a33 = state[18];
        var a43 = state[19];
        var a04 = state[20];
        var a14 = state[21];
        var a24 = state[22];
        var a34 = state[23];
        var a44 = state[24];

        // The round function alternates between the a and e lanes, so two rounds run per iteration.
        ulong e00, e10, e20, e30, e40;
        ulong e01, e11, e21, e31, e41;
        ulong e02, e12, e22, e32, e42;
        ulong e03, e13, e23, e33, e43;
        ulong e04, e14, e24, e34, e44;

        // Theta's column parities; each round then computes the next round's from its fresh output.
        var c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
        var c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
        var c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
        var c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
        var c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;

        var roundConstants = RoundConstants;
        for (var round = 0; round < roundConstants.Length; round += 2)
        {
            var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);

            // Rho and pi feed chi one output plane at a time: b0..b4 are B[0..4, y], so only five are live.
            var b0 = a00 ^ d0;
            var b1 = BitOperations.RotateLeft(a11 ^ d1, 44);
            var b2 = BitOperations.RotateLeft(a22 ^ d2, 43);
            var b3 = BitOperations.RotateLeft(a33 ^ d3, 21);
            var b4 = BitOperations.RotateLeft(a44 ^ d4, 14);
            e00 = b0 ^ (~b1 & b2) ^ roundConstants[round];
            e10 = b1 ^ (~b2 & b3);
            e20 = b2 ^ (~b3 & b4);
            e30 = b3 ^ (~b4 & b0);
            e40 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(a30 ^ d3, 28);
            b1 = BitOperations.RotateLeft(a41 ^ d4, 20);
            b2 = BitOperations.RotateLeft(a02 ^ d0, 3);
            b3 = BitOperations.RotateLeft(a13 ^ d1, 45);
            b4 = BitOperations.RotateLeft(a24 ^ d2, 61);
            e01 = b0 ^ (~b1 & b2);
            e11 = b1 ^ (~b2 & b3);
            e21 = b2 ^ (~b3 & b4);
            e31 = b3 ^ (~b4 & b0);
            e41 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(a10 ^ d1, 1);
            b1 = BitOperations.RotateLeft(a21 ^ d2, 6);
            b2 = BitOperations.RotateLeft(a32 ^ d3, 25);
            b3 = BitOperations.RotateLeft(a43 ^ d4, 8);
            b4 = BitOperations.RotateLeft(a04 ^ d0, 18);
            e02 = b0 ^ (~b1 & b2);
            e12 = b1 ^ (~b2 & b3);
            e22 = b2 ^ (~b3 & b4);
            e32 = b3 ^ (~b4 & b0);
            e42 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(a40 ^ d4, 27);
            b1 = BitOperations.RotateLeft(a01 ^ d0, 36);
            b2 = BitOperations.RotateLeft(a12 ^ d1, 10);
            b3 = BitOperations.RotateLeft(a23 ^ d2, 15);
            b4 = BitOperations.RotateLeft(a34 ^ d3, 56);
            e03 = b0 ^ (~b1 & b2);
            e13 = b1 ^ (~b2 & b3);
            e23 = b2 ^ (~b3 & b4);
            e33 = b3 ^ (~b4 & b0);
            e43 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(a20 ^ d2, 62);
            b1 = BitOperations.RotateLeft(a31 ^ d3, 55);
            b2 = BitOperations.RotateLeft(a42 ^ d4, 39);
            b3 = BitOperations.RotateLeft(a03 ^ d0, 41);
            b4 = BitOperations.RotateLeft(a14 ^ d1, 2);
            e04 = b0 ^ (~b1 & b2);
            e14 = b1 ^ (~b2 & b3);
            e24 = b2 ^ (~b3 & b4);
            e34 = b3 ^ (~b4 & b0);
            e44 = b4 ^ (~b0 & b1);
            c0 = e00 ^ e01 ^ e02 ^ e03 ^ e04;
            c1 = e10 ^ e11 ^ e12 ^ e13 ^ e14;
            c2 = e20 ^ e21 ^ e22 ^ e23 ^ e24;
            c3 = e30 ^ e31 ^ e32 ^ e33 ^ e34;
            c4 = e40 ^ e41 ^ e42 ^ e43 ^ e44;

            // The next round, from e back to a.
            d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            b0 = e00 ^ d0;
            b1 = BitOperations.RotateLeft(e11 ^ d1, 44);
            b2 = BitOperations.RotateLeft(e22 ^ d2, 43);
            b3 = BitOperations.RotateLeft(e33 ^ d3, 21);
            b4 = BitOperations.RotateLeft(e44 ^ d4, 14);
            a00 = b0 ^ (~b1 & b2) ^ roundConstants[round + 1];
            a10 = b1 ^ (~b2 & b3);
            a20 = b2 ^ (~b3 & b4);
            a30 = b3 ^ (~b4 & b0);
            a40 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(e30 ^ d3, 28);
            b1 = BitOperations.RotateLeft(e41 ^ d4, 20);
            b2 = BitOperations.RotateLeft(e02 ^ d0, 3);
            b3 = BitOperations.RotateLeft(e13 ^ d1, 45);
            b4 = BitOperations.RotateLeft(e24 ^ d2, 61);
            a01 = b0 ^ (~b1 & b2);
            a11 = b1 ^ (~b2 & b3);
            a21 = b2 ^ (~b3 & b4);
            a31 = b3 ^ (~b4 & b0);
            a41 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(e10 ^ d1, 1);
            b1 = BitOperations.RotateLeft(e21 ^ d2, 6);
            b2 = BitOperations.RotateLeft(e32 ^ d3, 25);
            b3 = BitOperations.RotateLeft(e43 ^ d4, 8);
            b4 = BitOperations.RotateLeft(e04 ^ d0, 18);
            a02 = b0 ^ (~b1 & b2);
            a12 = b1 ^ (~b2 & b3);
            a22 = b2 ^ (~b3 & b4);
            a32 = b3 ^ (~b4 & b0);
            a42 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(e40 ^ d4, 27);
            b1 = BitOperations.RotateLeft(e01 ^ d0, 36);
            b2 = BitOperations.RotateLeft(e12 ^ d1, 10);
            b3 = BitOperations.RotateLeft(e23 ^ d2, 15);
            b4 = BitOperations.RotateLeft(e34 ^ d3, 56);
            a03 = b0 ^ (~b1 & b2);
            a13 = b1 ^ (~b2 & b3);
            a23 = b2 ^ (~b3 & b4);
            a33 = b3 ^ (~b4 & b0);
            a43 = b4 ^ (~b0 & b1);
            b0 = BitOperations.RotateLeft(e20 ^ d2, 62);
            b1 = BitOperations.RotateLeft(e31 ^ d3, 55);
            b2 = BitOperations.RotateLeft(e42 ^ d4, 39);
            b3 = BitOperations.RotateLeft(e03 ^ d0, 41);
            b4 = BitOperations.RotateLeft(e14 ^ d1, 2);
            a04 = b0 ^ (~b1 & b2);
            a14 = b1 ^ (~b2 & b3);
            a24 = b2 ^ (~b3 & b4);
            a34 = b3 ^ (~b4 & b0);
            a44 = b4 ^ (~b0 & b1);
            c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
            c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
            c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
            c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
            c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
        }

        state[0] = a00;
        state[1] = a10;
        state[2] = a20;
        state[3] = a30;
        state[4] = a40;
        state[5] = a01;
        state[6] = a11;
        state[7] = a21;
        state[8] = a31;
        state[9] = a41;
        state[10] = a02;
        state[11] = a12;
        state[12] = a22;
        state[13] = a32;
        state[14] = a42;
        state[15] = a03;
        state[16] = a13;
        state[17] = a23;
        state[18] = a33;
        state[19] = a43;
        state[20] = a04;
        state[21] = a14;
        state[22] = a24;
        state[23] = a34;
        state[24] = a44;
    }

    private static void ThrowDestinationTooShort() =>
        throw new ArgumentException($"The destination must hold at least {HashSizeInBytes} bytes.", "destination");
}
