using System;
using System.Reflection;
using SymGraph.Codegen.CSharp;

namespace SymGraph.Codegen.Compilation;

/// <summary>
/// An array entry point of a compiled function: <paramref name="arguments"/>[i] holds argument i
/// row-major (a scalar in a one-element array), <paramref name="results"/>[j] receives result j and
/// must have exactly its length; symbolic sizes are read off the argument lengths. The convention of
/// <c>CompiledFunction&lt;T&gt;.Invoke(T[][], T[][])</c>.
/// </summary>
public delegate void ArrayEntryPoint<T>(T[][] arguments, T[][] results);

/// <summary>A generated class, compiled and loaded: its methods as delegates.</summary>
/// <remarks>
/// The class lives in a collectible load context, unloaded once nothing references it. Its work buffers
/// are thread-static, so keep this object (or a delegate from it) alive while threads that called it
/// may still be exiting: a thread's exit racing the unloading of an assembly with thread statics is a
/// known runtime hazard.
/// </remarks>
public sealed class CompiledClass
{
    internal CompiledClass(CSharpSource source, Type type)
    {
        Source = source;
        Type = type;
    }

    /// <summary>The source it was compiled from.</summary>
    public CSharpSource Source { get; }

    /// <summary>The loaded class.</summary>
    public Type Type { get; }

    /// <summary>The array entry point of function <paramref name="function"/>.</summary>
    /// <typeparam name="T"><see cref="double"/> for float64 code, <see cref="float"/> for float32.</typeparam>
    public ArrayEntryPoint<T> EntryPoint<T>(string function)
    {
        var expected = Source.DType == DType.Float64 ? typeof(double) : typeof(float);
        if (typeof(T) != expected)
            throw new ArgumentException($"{Source.ClassName} is {Source.DType.ShortName()}; use {expected.Name}, not {typeof(T).Name}.");
        if (!Source.HasEntryPoints) throw new InvalidOperationException($"{Source.ClassName} was emitted without array entry points.");
        return Method<ArrayEntryPoint<T>>(Source.Function(function).EntryPointName);
    }

    /// <summary>The public static method <paramref name="name"/> as a delegate of type <typeparamref name="TDelegate"/> (for example <c>Func&lt;double[], double&gt;</c>).</summary>
    public TDelegate Method<TDelegate>(string name) where TDelegate : Delegate
    {
        var method = Type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new ArgumentException($"{Source.ClassName} has no public static method '{name}'.", nameof(name));
        return (TDelegate)method.CreateDelegate(typeof(TDelegate));
    }
}
