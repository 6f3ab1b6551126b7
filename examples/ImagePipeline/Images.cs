using Ipvm.Durable;
using Ipvm.Durable.Ipld;

namespace ImagePipeline;

/// <summary>
/// Two workflows over the functions of wasm/image.c. Both crop and rotate the same way, so those two calls are the
/// same instructions with the same CIDs: whichever workflow runs second finds their receipts and runs only its own
/// last step. Each call passes the previous one's result as a promise, so the images travel from receipt to task
/// inside the engine and the instructions are those of the equivalent IPVM workflow file.
/// </summary>
public static partial class Images
{
    /// <summary>The part of the 256 x 256 input both workflows keep: the sun, the hills and the lake.</summary>
    public const int CropX = 32, CropY = 24, CropWidth = 208, CropHeight = 176;

    /// <summary>Crop, rotate, then blur and grayscale in parallel.</summary>
    /// <param name="ctx">The workflow's context.</param>
    /// <param name="module">The CID of image.wasm: an argument, so a rebuilt module is a new workflow invocation.</param>
    /// <param name="image">The input, a <see cref="RawImage"/>'s bytes.</param>
    [Workflow]
    public static async Task<EditedImages> Edit(WorkflowContext ctx, Cid module, byte[] image)
    {
        var wasm = new ImageModule(module);
        var cropped = ctx.CallWasm(wasm.Crop, new IpldBytes(image), CropX, CropY, CropWidth, CropHeight);
        var rotated = ctx.CallWasm(wasm.Rotate90, cropped.Promise);
        var blurred = ctx.CallWasmAsync(wasm.Blur, rotated.Promise);
        var grayscale = ctx.CallWasmAsync(wasm.Grayscale, rotated.Promise);
        await Task.WhenAll(blurred, grayscale);
        return new EditedImages((await blurred).AsBytes().ToArray(), (await grayscale).AsBytes().ToArray());
    }

    /// <summary>The same crop and rotation, then a half-size thumbnail.</summary>
    /// <param name="ctx">The workflow's context.</param>
    /// <param name="module">The CID of image.wasm.</param>
    /// <param name="image">The input, a <see cref="RawImage"/>'s bytes.</param>
    [Workflow]
    public static async Task<byte[]> Thumbnail(WorkflowContext ctx, Cid module, byte[] image)
    {
        var wasm = new ImageModule(module);
        var cropped = ctx.CallWasm(wasm.Crop, new IpldBytes(image), CropX, CropY, CropWidth, CropHeight);
        var rotated = ctx.CallWasm(wasm.Rotate90, cropped.Promise);
        var thumbnail = await ctx.CallWasmAsync(wasm.Thumbnail, rotated.Promise);
        return thumbnail.AsBytes().ToArray();
    }
}

/// <summary>What <see cref="Images.Edit"/> returns: two <see cref="RawImage"/>s' bytes.</summary>
/// <param name="Blurred">The rotated crop, blurred.</param>
/// <param name="Grayscale">The rotated crop in gray.</param>
public sealed record EditedImages(byte[] Blurred, byte[] Grayscale);

/// <summary>The exports of image.wasm, a module in the block store.</summary>
/// <param name="Module">The module's CID (<see cref="WasmFunction.ModuleCid"/>).</param>
public sealed record ImageModule(Cid Module)
{
    /// <summary>The limits of every call: ample for these functions on the example's image, and a bound on a bug.</summary>
    public static TaskMeta Limits { get; } = TaskMeta.Create(fuel: 1_000_000_000, memory: 64 << 20);

    /// <summary><c>crop(image, x, y, width, height)</c>, clipped to the image.</summary>
    public WasmFunction Crop => new(Module, "crop") { Meta = Limits };

    /// <summary><c>rotate90(image)</c>: a quarter turn clockwise.</summary>
    public WasmFunction Rotate90 => new(Module, "rotate90") { Meta = Limits };

    /// <summary><c>blur(image)</c>: a 3 x 3 box blur.</summary>
    public WasmFunction Blur => new(Module, "blur") { Meta = Limits };

    /// <summary><c>grayscale(image)</c>: BT.601 luma.</summary>
    public WasmFunction Grayscale => new(Module, "grayscale") { Meta = Limits };

    /// <summary><c>thumbnail(image)</c>: half the width and height.</summary>
    public WasmFunction Thumbnail => new(Module, "thumbnail") { Meta = Limits };
}
