package io.chorus.engine.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rule files are code that runs inside the service, next to its keys and its data. A rule may use the fact model
 * (the customer's context, the decision's types, and the plain Java of {@code java.lang}, {@code java.util},
 * {@code java.math}, {@code java.time}), never reach beyond it: the JVM and its environment, processes, reflection,
 * files, the network, threads. Nor may it declare a global the engine does not provide: every rule using it would
 * fail when it runs. What the analyst wrote is read with comments and string literals left out, so text that only
 * mentions these things is fine.
 */
final class RuleSafety {
    /** The globals every session is given: none yet. Provide one by naming it here and setting it in RuleSet. */
    static final Set<String> PROVIDED_GLOBALS = Set.of();

    private static final Pattern GLOBAL =
            Pattern.compile("(?m)^[ \\t]*global[ \\t]+(.+?)[ \\t]+([\\w$]+)[ \\t]*;?[ \\t]*$");
    private static final List<Reach> FORBIDDEN = List.of(
            reach("the JVM and its environment", "System", "Runtime", "SecurityManager", "java.lang.management",
                    "javax.management"),
            reach("processes", "ProcessBuilder", "ProcessHandle"),
            reach("reflection", "Class.forName", "ClassLoader", "getClassLoader", "java.lang.reflect",
                    "java.lang.invoke", "MethodHandles", "setAccessible", "getDeclared[A-Za-z]*", "getMethods?",
                    "getFields?", "getConstructors?", "newInstance", "ServiceLoader", "java.beans", "javax.script",
                    "sun.misc", "jdk.internal"),
            reach("files", "java.io", "java.nio"),
            reach("the network", "java.net", "javax.net", "javax.naming", "java.rmi", "java.sql", "javax.sql"),
            reach("threads", "Thread", "ThreadGroup", "java.util.concurrent", "java.util.Timer", "Timer",
                    "parallelStream", "parallel"));
    /** Java reads these before anything else, in code and in string literals alike, and so does this check. */
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+([0-9a-fA-F]{4})");

    private RuleSafety() {
    }

    /** Every way the source reaches beyond the fact model (the first on each line), and every global it declares. */
    static List<RuleProblem> check(RuleSource source) {
        String code = DrlText.codeOnly(UNICODE_ESCAPE.matcher(source.drl()).replaceAll(escape -> {
            char c = (char) Integer.parseInt(escape.group(1), 16);
            return Matcher.quoteReplacement(c == '\n' || c == '\r' ? " " : String.valueOf(c));
        }));
        List<RuleProblem> problems = new ArrayList<>();
        Set<Integer> reported = new HashSet<>();
        for (Reach reach : FORBIDDEN) {
            Matcher use = reach.pattern().matcher(code);
            while (use.find()) {
                int line = DrlText.lineAt(code, use.start());
                String what = use.group().replaceAll("\\s*\\.\\s*", ".").replaceAll("\\s+", " ");
                if (reported.add(line)) {
                    problems.add(problem(source, line, what, what + " is outside the fact model (" + reach.what()
                            + "): rules may not use it"));
                }
            }
        }
        Matcher global = GLOBAL.matcher(code);
        while (global.find()) {
            String name = global.group(2);
            if (!PROVIDED_GLOBALS.contains(name)) {
                problems.add(problem(source, DrlText.lineAt(code, global.start()), global.group(1) + " " + name,
                        "global " + name + " is not provided by the engine (" + provided()
                                + "): every rule that uses it would fail when it runs"));
            }
        }
        return problems;
    }

    private static RuleProblem problem(RuleSource source, int drlLine, String evidence, String message) {
        return RuleProblem.error(source.file(), source.line(drlLine, evidence), source.describe(message));
    }

    private static String provided() {
        return PROVIDED_GLOBALS.isEmpty() ? "it provides none"
                : PROVIDED_GLOBALS.stream().sorted().collect(Collectors.joining(", ", "it provides ", ""));
    }

    /**
     * What a rule may not reach, and the names that reach it, dots written as in Java: each matched as a whole name
     * (with {@code java.lang.} or {@code new} before it, and the rest of a qualified name after it, so the message
     * shows what was written).
     */
    private record Reach(String what, Pattern pattern) {
    }

    private static Reach reach(String what, String... names) {
        String alternatives = Stream.of(names).map(name -> name.replace(".", "\\s*\\.\\s*"))
                .collect(Collectors.joining("|"));
        return new Reach(what, Pattern.compile("(?<![\\w$])(?:new\\s+)?(?:java\\s*\\.\\s*lang\\s*\\.\\s*)?(?:"
                + alternatives + ")(?![\\w$])(?:\\s*\\.\\s*[\\w$]+)*"));
    }
}
