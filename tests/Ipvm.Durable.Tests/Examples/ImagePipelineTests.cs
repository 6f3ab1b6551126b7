using System.Collections.Concurrent;
using ImagePipeline;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Examples;

/// <summary>
/// examples/ImagePipeline run in process on an in-memory store: real outputs of image.wasm checked against the same
/// operations written here in C#, and the memoization the example prints.
/// </summary>
public sealed class ImagePipelineTests
{
    private static readonly RawImage Input = Png.Decode(File.ReadAllBytes(Pipeline.InputPath));

    [Fact]
    public async Task Edit_crops_rotates_then_blurs_and_grayscales_as_the_reference_does()
    {
        var (pipeline, module, runs) = await CreateAsync();

        var edit = await pipeline.RunAsync(nameof(Images.Edit), module, Input);

        Assert.Equal(RunStatus.Completed, edit.Result.Status);
        Assert.Equal(["crop", "rotate90", "blur", "grayscale"], edit.Calls.Select(c => c.Name));
        Assert.All(edit.Calls, c => Assert.False(c.Replayed));
        Assert.Equal(4, runs.Count);
        var output = IpldCodecs.Decode<EditedImages>(edit.Result.Output!);
        var rotated = Rotate90(Crop(Input, Images.CropX, Images.CropY, Images.CropWidth, Images.CropHeight));
        var gray = RawImage.FromBytes(output.Grayscale);
        var blurred = RawImage.FromBytes(output.Blurred);
        Assert.Equal((Images.CropHeight, Images.CropWidth), (gray.Width, gray.Height));
        Assert.Equal((Images.CropHeight, Images.CropWidth), (blurred.Width, blurred.Height));
        for (var y = 0; y < gray.Height; y++)
        {
            for (var x = 0; x < gray.Width; x++)
            {
                var p = gray[x, y];
                Assert.True(p[0] == p[1] && p[1] == p[2], $"gray pixel ({x}, {y}) is {p[0]}, {p[1]}, {p[2]}");
            }
        }

        Assert.Equal(Grayscale(rotated).Pixels, gray.Pixels);
        foreach (var (x, y) in new[] { (0, 0), (gray.Width - 1, 0), (0, gray.Height - 1), (gray.Width - 1, gray.Height - 1), (37, 101), (150, 20), (88, 104) })
        {
            Assert.Equal(BlurAt(rotated, x, y), blurred[x, y].ToArray());
        }
    }

    [Fact]
    public async Task The_rotation_turns_the_crop_clockwise()
    {
        var (pipeline, module, _) = await CreateAsync();

        var edit = await pipeline.RunAsync(nameof(Images.Edit), module, Input);
        var gray = RawImage.FromBytes(IpldCodecs.Decode<EditedImages>(edit.Result.Output!).Grayscale);

        // The crop's top-left pixel ends at the top right, its bottom-left pixel at the top left.
        Assert.Equal(Luma(Input[Images.CropX, Images.CropY]), gray[gray.Width - 1, 0][0]);
        Assert.Equal(Luma(Input[Images.CropX, Images.CropY + Images.CropHeight - 1]), gray[0, 0][0]);
        Assert.Equal(Luma(Input[Images.CropX + Images.CropWidth - 1, Images.CropY]), gray[gray.Width - 1, gray.Height - 1][0]);
    }

    [Fact]
    public async Task Thumbnail_replays_crop_and_rotate_from_the_edit_and_runs_only_its_last_step()
    {
        var (pipeline, module, runs) = await CreateAsync();
        var edit = await pipeline.RunAsync(nameof(Images.Edit), module, Input);
        var ranForEdit = runs.Count;

        var thumbnail = await pipeline.RunAsync(nameof(Images.Thumbnail), module, Input);

        Assert.Equal(RunStatus.Completed, thumbnail.Result.Status);
        Assert.Equal(["crop", "rotate90", "thumbnail"], thumbnail.Calls.Select(c => c.Name));
        Assert.Equal([true, true, false], thumbnail.Calls.Select(c => c.Replayed));
        Assert.Equal(edit.Calls.Take(2).Select(c => c.InstructionCid), thumbnail.Calls.Take(2).Select(c => c.InstructionCid));
        Assert.Equal(["thumbnail"], runs.Skip(ranForEdit));
        var small = RawImage.FromBytes(thumbnail.Result.Output!.AsBytes().Span);
        var expected = Thumbnail(Rotate90(Crop(Input, Images.CropX, Images.CropY, Images.CropWidth, Images.CropHeight)));
        Assert.Equal((Images.CropHeight / 2, Images.CropWidth / 2), (small.Width, small.Height));
        Assert.Equal(expected.Pixels, small.Pixels);
    }

    [Fact]
    public async Task A_second_run_of_both_workflows_comes_from_their_receipts_and_runs_nothing()
    {
        var (pipeline, module, runs) = await CreateAsync();
        var edit = await pipeline.RunAsync(nameof(Images.Edit), module, Input);
        var thumbnail = await pipeline.RunAsync(nameof(Images.Thumbnail), module, Input);
        var ran = runs.Count;

        var editAgain = await pipeline.RunAsync(nameof(Images.Edit), module, Input);
        var thumbnailAgain = await pipeline.RunAsync(nameof(Images.Thumbnail), module, Input);

        Assert.Equal(5, ran);
        Assert.Equal(ran, runs.Count);
        Assert.True(editAgain.Result.Replayed);
        Assert.True(thumbnailAgain.Result.Replayed);
        Assert.Empty(editAgain.Calls);
        Assert.Equal(edit.Result.InvocationCid, editAgain.Result.InvocationCid);
        Assert.Equal(edit.Result.Output, editAgain.Result.Output);
        Assert.Equal(thumbnail.Result.Output, thumbnailAgain.Result.Output);
    }

    [Fact]
    public async Task The_output_PNGs_decode_to_the_workflow_s_pixels_and_encode_byte_for_byte_alike()
    {
        var (pipeline, module, _) = await CreateAsync();
        var edit = await pipeline.RunAsync(nameof(Images.Edit), module, Input);
        var gray = RawImage.FromBytes(IpldCodecs.Decode<EditedImages>(edit.Result.Output!).Grayscale);

        var png = Png.Encode(gray);
        var decoded = Png.Decode(png);

        Assert.Equal((gray.Width, gray.Height), (decoded.Width, decoded.Height));
        Assert.Equal(gray.Pixels, decoded.Pixels);
        Assert.Equal(png, Png.Encode(decoded));
        Assert.Equal(Input.Pixels, Png.Decode(Png.Encode(Input)).Pixels);
    }

    [Fact]
    public void The_decoder_reads_every_filter_type_of_the_input_and_rejects_what_it_does_not_support()
    {
        var png = File.ReadAllBytes(Pipeline.InputPath);

        Assert.Equal((256, 256), (Input.Width, Input.Height));
        Assert.All(Enumerable.Range(0, Input.Width * Input.Height), i => Assert.Equal(255, Input.Pixels[(i * 4) + 3]));
        Assert.Contains("bits per channel", Reject(png, 24, 16), StringComparison.Ordinal);
        Assert.Contains("palette", Reject(png, 25, 3), StringComparison.Ordinal);
        Assert.Contains("interlaced", Reject(png, 28, 1), StringComparison.Ordinal);
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => Png.Decode(Patch(png, 40, 0x55))).Message, StringComparison.Ordinal);
        Assert.Contains("signature", Assert.Throws<InvalidDataException>(() => Png.Decode(png.AsSpan(1))).Message, StringComparison.Ordinal);
    }

    // Changes one IHDR byte and fixes the chunk's CRC, so the decoder gets as far as reading the header.
    private static string Reject(byte[] png, int offset, byte value)
    {
        var patched = Patch(png, offset, value);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(patched.AsSpan(29), Crc32(patched.AsSpan(12, 17)));
        return Assert.Throws<InvalidDataException>(() => Png.Decode(patched)).Message;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }

    private static byte[] Patch(byte[] bytes, int offset, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] = value;
        return copy;
    }

    private static async Task<(Pipeline Pipeline, Cid Module, ConcurrentQueue<string> Runs)> CreateAsync()
    {
        var engine = new DurableEngine(new InMemoryDurableStore(), new OpRegistry(), new DurableEngineOptions { MaxParallelism = 2 });
        var pipeline = new Pipeline(engine, new InMemoryWorkflowJournal());
        var runs = new ConcurrentQueue<string>();
        Assert.True(engine.Ops.TryGet(WasmRunOp.Op, out var wasm));
        engine.Ops.Register(WasmRunOp.Op, EffectClass.Pure, context =>
        {
            runs.Enqueue(context.Input.AsMap()["func"].AsString());
            return wasm.Handler(context);
        });
        return (pipeline, await pipeline.AddModuleAsync(Pipeline.ModuleBytes), runs);
    }

    // The reference: image.c's operations, written again here.
    private static RawImage Crop(RawImage image, int x, int y, int width, int height)
    {
        var pixels = new byte[width * height * 4];
        for (var row = 0; row < height; row++)
        {
            image.Pixels.AsSpan((((y + row) * image.Width) + x) * 4, width * 4).CopyTo(pixels.AsSpan(row * width * 4));
        }

        return new RawImage(width, height, pixels);
    }

    private static RawImage Rotate90(RawImage image) =>
        Map(image.Height, image.Width, (x, y) => image[y, image.Height - 1 - x].ToArray());

    private static RawImage Grayscale(RawImage image) => Map(image.Width, image.Height, (x, y) =>
    {
        var luma = Luma(image[x, y]);
        return [luma, luma, luma, image[x, y][3]];
    });

    private static RawImage Thumbnail(RawImage image) => Map(image.Width / 2, image.Height / 2, (x, y) =>
    {
        var result = new byte[4];
        for (var c = 0; c < 4; c++)
        {
            result[c] = (byte)((image[2 * x, 2 * y][c] + image[(2 * x) + 1, 2 * y][c] + image[2 * x, (2 * y) + 1][c] + image[(2 * x) + 1, (2 * y) + 1][c] + 2) / 4);
        }

        return result;
    });

    private static byte[] BlurAt(RawImage image, int x, int y)
    {
        var sum = new int[4];
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var p = image[Math.Clamp(x + dx, 0, image.Width - 1), Math.Clamp(y + dy, 0, image.Height - 1)];
                for (var c = 0; c < 4; c++)
                {
                    sum[c] += p[c];
                }
            }
        }

        return sum.Select(s => (byte)((s + 4) / 9)).ToArray();
    }

    private static byte Luma(ReadOnlySpan<byte> p) => (byte)(((77 * p[0]) + (150 * p[1]) + (29 * p[2]) + 128) >> 8);

    private static RawImage Map(int width, int height, Func<int, int, byte[]> pixel)
    {
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixel(x, y).CopyTo(pixels, ((y * width) + x) * 4);
            }
        }

        return new RawImage(width, height, pixels);
    }
}
