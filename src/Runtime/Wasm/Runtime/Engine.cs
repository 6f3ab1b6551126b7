using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ipvm.Durable.Wasm.Compilation;

namespace Ipvm.Durable.Wasm;

/// <summary>Compiles modules under one configuration and caches them by content hash.</summary>
public sealed class Engine
{
    private readonly ConcurrentDictionary<string, Module> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with default configuration.</summary>
    public Engine()
        : this(new Config())
    {
    }

    /// <summary>Creates an engine.</summary>
    public Engine(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MaxCallDepth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(config), "Config.MaxCallDepth must be positive.");
        }

        Config = config;
    }

    /// <summary>The configuration.</summary>
    public Config Config { get; }

    /// <summary>How many compiled modules the cache holds.</summary>
    public int CachedModuleCount => _cache.Count;

    internal Module GetOrCompile(byte[] bytes)
    {
        if (!Config.CacheModules)
        {
            return Compile(bytes);
        }

        var key = Convert.ToHexString(SHA256.HashData(bytes));
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var module = Compile(bytes);
        while (_cache.Count >= Math.Max(1, Config.MaxCachedModules) && _cache.Keys.FirstOrDefault() is { } evicted)
        {
            _cache.TryRemove(evicted, out _);
        }

        return _cache.GetOrAdd(key, module);
    }

    private Module Compile(byte[] bytes)
    {
        var definition = Decoding.ModuleDecoder.Decode(bytes);
        var context = Validation.ModuleValidator.Validate(definition);
        var code = ModuleCompiler.Compile(definition, context, Config.ConsumeFuel);
        return new Module(this, definition, code);
    }
}
