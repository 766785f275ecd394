package io.chorus.cli;

import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check the rules compile, run the analysts' scenario files against them, or deploy them.",
        subcommands = {RulesCommand.Check.class, RulesTestCommand.class, RulesDeployCommand.class})
public final class RulesCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compile the rule set; errors as file:line: message.")
    static final class Check implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rule directory; default the build's rules/ folder.")
        Path dir;

        @Override
        public Integer call() {
            Path rules = RulesDirectory.orDefault(dir);
            RuleSetLoad load = RuleSetLoader.load(rules);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (RuleProblem p : load.problems()) {
                err.println(p);
            }
            if (!load.ok()) {
                err.println(load.errors().size() + " error(s): the rule set in " + rules + " does not compile");
                return ExitCodes.FAILURE;
            }
            out.println("ok: " + load.orElseThrow().ruleNames().size() + " rules in " + load.files().size()
                    + " files, version " + load.version());
            return ExitCodes.OK;
        }
    }
}
