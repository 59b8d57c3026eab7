using Watchdog.Integrations.Commands;

namespace Watchdog.Integrations.Tests.Commands;

public sealed class CommandTemplateTests
{
    private static readonly string[] RollbackPlaceholders = ["target", "version", "service"];

    private static Dictionary<string, string> Values(string target, string version = "v1") =>
        new() { ["target"] = target, ["version"] = version, ["service"] = "api" };

    [Theory]
    [InlineData("v1", "'v1'")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("v1; rm -rf /", "'v1; rm -rf /'")]
    [InlineData("$(reboot)", "'$(reboot)'")]
    [InlineData("", "''")]
    public void Quote_Value_BecomesOneSingleQuotedWord(string value, string expected)
    {
        CommandTemplate.Quote(value).ShouldBe(expected);
    }

    [Fact]
    public void Quote_ValueWithNul_Throws()
    {
        Should.Throw<ArgumentException>(() => CommandTemplate.Quote("v1\0x"));
    }

    [Fact]
    public void Render_Placeholders_AreReplacedByQuotedValues()
    {
        CommandTemplate.Render("deploy --service {service} --to {target} # {version}", Values("d1"))
            .ShouldBe("deploy --service 'api' --to 'd1' # {version}");
        CommandTemplate.Render("git checkout deploy-{version} && railway up", Values("d1", "v1.2"))
            .ShouldBe("git checkout deploy-'v1.2' && railway up");
    }

    [Fact]
    public void Render_ValueThatLooksLikeAPlaceholder_IsNotExpandedAgain()
    {
        CommandTemplate.Render("deploy {target} {version}", Values("{version}", "v9")).ShouldBe("deploy '{version}' 'v9'");
    }

    [Fact]
    public void Render_OtherBraces_AreLeftAlone()
    {
        const string template = "list | awk '{print $1}' | xargs -I{} echo {} ${HOME} \"${target}\" {target}";

        CommandTemplate.Render(template, Values("d1")).ShouldBe("list | awk '{print $1}' | xargs -I{} echo {} ${HOME} \"${target}\" 'd1'");
    }

    [Theory]
    [InlineData("deploy '{target}'")]
    [InlineData("deploy \"{target}\"")]
    [InlineData("sh -c \"deploy $(echo {target})\"")]
    public void Render_PlaceholderInsideQuotes_Throws(string template)
    {
        Should.Throw<ArgumentException>(() => CommandTemplate.Render(template, Values("d1")));
    }

    [Theory]
    [InlineData("deploy '{target}'", "must not stand inside quotes")]
    [InlineData("deploy \"--to={target}\"", "must not stand inside quotes")]
    [InlineData("deploy {name}", "cannot use {name}")]
    [InlineData("deploy {targt}", "unknown placeholder {targt}")]
    [InlineData("deploy {target} 'oops", "unclosed single quote")]
    public void Problems_BadTemplate_AreNamedWithTheKey(string template, string says)
    {
        var problems = CommandTemplate.Problems("Rollback", template, RollbackPlaceholders);

        problems.ShouldHaveSingleItem().ShouldContain(says);
        problems[0].ShouldStartWith("Rollback");
    }

    [Theory]
    [InlineData("deploy {target} # don't worry, {name} is in a comment")]
    [InlineData("deploy \\'{target} && awk '{print}' && echo \"it's {x}\"")]
    [InlineData("printf '%s\\n' {target} {version} {service}")]
    public void Problems_SoundTemplate_HasNone(string template)
    {
        CommandTemplate.Problems("Rollback", template, RollbackPlaceholders).ShouldBeEmpty();
    }
}
