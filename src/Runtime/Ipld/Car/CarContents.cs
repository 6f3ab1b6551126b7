namespace Ipvm.Durable.Ipld;

/// <summary>Everything a CAR file holds, read at once by <see cref="Car.ReadAll(Stream, CarReaderOptions?)"/>.</summary>
/// <param name="Roots">The root CIDs from the header.</param>
/// <param name="Blocks">The blocks in file order.</param>
public sealed record CarContents(IReadOnlyList<Cid> Roots, IReadOnlyList<CarBlock> Blocks);
