using System;
using System.CommandLine;
using System.Globalization;

namespace SymGraph.Cli;

/// <summary>Arguments and options several commands share, spelled and described once.</summary>
internal static class CommonOptions
{
    public static Argument<string> Model() => new("MODEL") { Description = "The model file (.sg)." };

    public static Option<string?> At(bool required) => new("--at")
    {
        Description = required
            ? "The values file (JSON): every input and param name mapped to a number or nested arrays in row-major order; symbolic sizes are inferred."
            : "The values file (JSON) to work at; without it, a random point drawn from --seed (symbolic sizes 3).",
        HelpName = "VALUES.json",
        Required = required,
    };

    public static Option<int> Seed() => Integer(new("--seed")
    {
        Description = "The seed of the random point (and of sampled entries).",
        DefaultValueFactory = _ => 1,
        HelpName = "N",
    });

    /// <summary>
    /// Makes <paramref name="option"/> say what is wrong in words (<c>--seed: 'abc' is not an integer</c>,
    /// not <c>expected type 'System.Int32'</c>), then check the value with <paramref name="check"/>, which
    /// returns a message or <c>null</c>. The check lives in the parser because a validator reading a value
    /// that failed to parse throws.
    /// </summary>
    public static Option<int> Integer(Option<int> option, Func<int, string?>? check = null)
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                result.AddError(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? $"{option.Name}: {text} is out of range (the most is {int.MaxValue})"
                    : $"{option.Name}: '{text}' is not an integer");
                return default;
            }
            if (check?.Invoke(value) is { } error) result.AddError(error);
            return value;
        };
        return option;
    }

    /// <summary>As <see cref="Integer"/>, for numbers: <c>--atol: 'x' is not a number</c>.</summary>
    public static Option<double> Number(Option<double> option, Func<double, string?>? check = null)
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                result.AddError($"{option.Name}: '{text}' is not a number");
                return default;
            }
            if (check?.Invoke(value) is { } error) result.AddError(error);
            return value;
        };
        return option;
    }

    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as JSON." };

    /// <summary>
    /// <c>--hessian [dense|sparse]</c>: a bare <c>--hessian</c> means dense; read it with <see cref="HessianFormOf"/>.
    /// </summary>
    public static Option<string?> Hessian(string what)
    {
        var option = new Option<string?>("--hessian")
        {
            Description = what + " A bare --hessian is dense; sparse gives the structural nonzeros (CSR), computed by one Hessian-vector product per colour of a star colouring.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "dense|sparse",
        };
        return OneOf(option, "dense", "sparse");
    }

    /// <summary>What <c>--hessian</c> asked for: none when absent, dense when bare or <c>dense</c>, sparse for <c>sparse</c>.</summary>
    public static HessianForm HessianFormOf(ParseResult parse, Option<string?> option)
    {
        if (parse.GetResult(option) is not { } result || result.Implicit) return HessianForm.None;
        return result.Tokens.Count > 0 && result.Tokens[^1].Value == "sparse" ? HessianForm.Sparse : HessianForm.Dense;
    }

    public static Option<string> Backend(string? defaultValue, string description)
    {
        var option = new Option<string>("--backend")
        {
            Description = description,
            HelpName = "interp|expr|cs",
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return OneOf(option, SymGraph.Cli.Backend.Names);
    }

    /// <summary>
    /// Accepts only <paramref name="values"/>, saying so on one line with a suggestion (<c>--backend: 'ccs'
    /// is not one of interp, expr, cs; did you mean 'cs'?</c>); <c>AcceptOnlyFromAmong</c> prints a
    /// tab-indented list.
    /// </summary>
    public static Option<T> OneOf<T>(Option<T> option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return; // the default
            string text = result.Tokens[^1].Value;
            if (Array.IndexOf(values, text) >= 0) return;
            string? suggestion = SymGraph.Model.Suggestions.ClosestOrPrefix(text, values);
            result.AddError($"{option.Name}: '{text}' is not one of {string.Join(", ", values)}{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}");
        });
        option.CompletionSources.Add(values);
        return option;
    }
}

/// <summary>Which Hessian a command was asked for.</summary>
internal enum HessianForm
{
    /// <summary>None (no <c>--hessian</c>).</summary>
    None,

    /// <summary>The dense matrix (<c>--hessian</c> or <c>--hessian dense</c>).</summary>
    Dense,

    /// <summary>The structural nonzeros in CSR form (<c>--hessian sparse</c>).</summary>
    Sparse,
}
