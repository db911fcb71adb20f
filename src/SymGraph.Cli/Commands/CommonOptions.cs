using System.CommandLine;

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

    public static Option<int> Seed() => new("--seed")
    {
        Description = "The seed of the random point (and of sampled entries).",
        DefaultValueFactory = _ => 1,
        HelpName = "N",
    };

    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as JSON." };

    public static Option<bool> Hessian(string what) => new("--hessian") { Description = what };

    public static Option<string> Backend(string? defaultValue, string description)
    {
        var option = new Option<string>("--backend")
        {
            Description = description,
            HelpName = "interp|expr|cs",
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.AcceptOnlyFromAmong(SymGraph.Cli.Backend.Names);
        return option;
    }
}
