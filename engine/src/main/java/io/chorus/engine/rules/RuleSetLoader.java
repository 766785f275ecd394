package io.chorus.engine.rules;

import org.drools.compiler.kie.builder.impl.DrlProject;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSessionsPool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles an analyst's rule directory (DRL files and decision tables) with the classic DRL builder, which
 * reports every error in one pass with its file and line. This class and {@link RuleSet} are the only places
 * that touch the KIE API.
 */
public final class RuleSetLoader {
    private static final String RESOURCES = "src/main/resources/";
    private static final AtomicLong LOADS = new AtomicLong();
    private static final Pattern RULE_NAME = Pattern.compile("(?:[Rr]ule name=|in rule )['\"]([^'\"\\n]+)['\"]");
    private static final Pattern GENERATED_RULE = Pattern.compile("^\\s*rule \"[^\"]*_(\\d+)\"");
    private static final Pattern SYNTAX_ERROR = Pattern.compile("^\\[ERR \\d+\\]");
    private static final Pattern TABLE_ROW = Pattern.compile("_(\\d+)$");
    private static final Pattern PARSER_CRASH = Pattern.compile("unexpected exception at input .* Exception: ");
    private static final Pattern PARSER_LINE = Pattern.compile("^Line (\\d+):\\d+ ");

    private RuleSetLoader() {
    }

    public static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".drl") || isDecisionTable(name);
    }

    private static boolean isDecisionTable(String name) {
        return name.endsWith(".drl.csv") || name.endsWith(".drl.xls") || name.endsWith(".drl.xlsx");
    }

    /** Loads every rule file under {@code dir}. Never throws for what is wrong in the files: see the problems. */
    public static RuleSetLoad load(Path dir) {
        String shown = dir.toString();
        if (!Files.isDirectory(dir)) {
            return failed("", List.of(), List.of(RuleProblem.error(shown, 0, "not a rule directory")));
        }
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, byte[]> sources = new LinkedHashMap<>();
        Map<String, byte[]> everything = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                String lower = relative.toLowerCase(Locale.ROOT);
                everything.put(relative, Files.readAllBytes(file));
                if (isRuleFile(file)) {
                    sources.put(relative, everything.get(relative));
                } else if (lower.endsWith(".csv") || lower.endsWith(".xls") || lower.endsWith(".xlsx")) {
                    problems.add(RuleProblem.warning(display(dir, relative), 0,
                            "ignored: a decision table must be named *.drl.csv, *.drl.xls or *.drl.xlsx"));
                }
            }
        } catch (IOException e) {
            return failed("", List.of(), List.of(RuleProblem.error(shown, 0, "cannot read: " + e.getMessage())));
        }
        return compile(dir, sources, everything, problems);
    }

    private static RuleSetLoad compile(Path dir, Map<String, byte[]> sources, Map<String, byte[]> everything,
                                       List<RuleProblem> problems) {
        List<RuleFile> files = new ArrayList<>();
        String version = version(everything, files);
        if (sources.isEmpty()) {
            problems.add(RuleProblem.error(dir.toString(), 0, "no rule files (*.drl, *.drl.csv, *.drl.xlsx) found"));
            return failed(version, files, problems);
        }
        KieServices kie = KieServices.Factory.get();
        ReleaseId releaseId = kie.newReleaseId("io.chorus.rules", "ruleset-" + LOADS.incrementAndGet(), "1.0.0");
        try {
            List<RuleProblem> found = build(kie, releaseId, dir, sources);
            problems.addAll(found);
            if (found.stream().anyMatch(RuleProblem::isError)) {
                return failed(version, files, withoutKnockOnErrors(kie, dir, sources, problems));
            }
            KieContainer container = kie.newKieContainer(releaseId);
            KieBase kieBase = container.getKieBase();
            List<String> ruleNames = new ArrayList<>();
            for (KiePackage pkg : kieBase.getKiePackages()) {
                for (Rule rule : pkg.getRules()) {
                    ruleNames.add(rule.getName());
                }
            }
            ruleNames.sort(String::compareTo);
            // Pooled sessions are reset, not rebuilt, between decisions: most of a small decision's cost.
            KieSessionsPool sessions = container.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
            RuleSet ruleSet = new RuleSet(kieBase, sessions, version, Instant.now(), List.copyOf(files),
                    List.copyOf(ruleNames), dir);
            return new RuleSetLoad(Optional.of(ruleSet), version, List.copyOf(files), List.copyOf(problems));
        } catch (RuntimeException e) {
            // The builder throws instead of reporting for some errors, e.g. an unknown variable in accumulate.
            problems.add(RuleProblem.error(dir.toString(), 0, "the rule compiler failed: " + rootMessage(e)));
            return failed(version, files, problems);
        } finally {
            // The static KieRepository would otherwise keep every rule set ever loaded.
            kie.getRepository().removeKieModule(releaseId);
        }
    }

    /** Compiles the sources as one module; every error and warning located in the analyst's files. */
    private static List<RuleProblem> build(KieServices kie, ReleaseId releaseId, Path dir, Map<String, byte[]> sources) {
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        sources.forEach((path, bytes) -> kfs.write(RESOURCES + path, bytes));
        KieBuilder builder = kie.newKieBuilder(kfs);
        builder.buildAll(DrlProject.class);
        List<RuleProblem> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages()) {
            if (m.getLevel() == Message.Level.INFO) {
                continue;
            }
            String path = m.getPath() == null ? "" : m.getPath().replaceFirst("^" + RESOURCES, "");
            String text = m.getText().strip().replaceAll("\\s*\\n\\s*", " ");
            if (PARSER_CRASH.matcher(text).find()) {
                // A file cut off mid-rule crashes the parser: say so at the line it reached, without its stack trace.
                Matcher at = PARSER_LINE.matcher(text);
                problems.add(RuleProblem.error(display(dir, path), at.find() ? Integer.parseInt(at.group(1)) : 0,
                        "[ERR 101] the file ends in the middle of a rule (half saved?): " + text.replaceFirst(
                                "\\. Exception: .*", "").replaceFirst("^Line \\d+:\\d+ ", "")));
                continue;
            }
            if (text.equals("Parser returned a null Package")) {
                continue;
            }
            int line = locateLine(path, m, sources.get(path));
            problems.add(m.getLevel() == Message.Level.ERROR
                    ? RuleProblem.error(display(dir, path), line, text)
                    : RuleProblem.warning(display(dir, path), line, text));
        }
        return problems;
    }

    /**
     * A syntax error makes the compiler drop its whole package, so every other file of the package then reports
     * types and variables it "cannot resolve". To tell the analyst what is really wrong, compile the other files
     * again without the ones that do not parse: their errors, if any, are genuine.
     */
    private static List<RuleProblem> withoutKnockOnErrors(KieServices kie, Path dir, Map<String, byte[]> sources,
                                                          List<RuleProblem> problems) {
        List<RuleProblem> syntax = problems.stream()
                .filter(p -> p.isError() && SYNTAX_ERROR.matcher(p.message()).find()).toList();
        if (syntax.isEmpty()) {
            return problems;
        }
        Map<String, byte[]> parsing = new LinkedHashMap<>(sources);
        parsing.keySet().removeIf(path -> syntax.stream().anyMatch(p -> p.file().equals(display(dir, path))));
        List<RuleProblem> kept = new ArrayList<>(syntax);
        if (!parsing.isEmpty()) {
            ReleaseId rest = kie.newReleaseId("io.chorus.rules", "ruleset-" + LOADS.incrementAndGet(), "1.0.0");
            try {
                kept.addAll(build(kie, rest, dir, parsing).stream().filter(RuleProblem::isError).toList());
            } finally {
                kie.getRepository().removeKieModule(rest);
            }
        }
        problems.stream().filter(p -> !p.isError()).forEach(kept::add);
        return kept;
    }

    private static RuleSetLoad failed(String version, List<RuleFile> files, List<RuleProblem> problems) {
        return new RuleSetLoad(Optional.empty(), version, List.copyOf(files), List.copyOf(problems));
    }

    /**
     * {@code sha256:} of every file's path and content, in path order: rules, tables, scenarios and sample
     * customers alike, so a version names exactly one rule-set folder and the same files always make the same one.
     */
    private static String version(Map<String, byte[]> sources, List<RuleFile> files) {
        MessageDigest all = sha256();
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
            all.update(source.getKey().getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(source.getValue());
            all.update((byte) 0);
            files.add(new RuleFile(source.getKey(), HexFormat.of().formatHex(sha256().digest(source.getValue())),
                    source.getValue().length));
        }
        return "sha256:" + HexFormat.of().formatHex(all.digest());
    }

    /**
     * Decision-table errors carry the line of the DRL generated from the table, which means nothing to the
     * analyst: find the table row that made the failing rule instead (the generated rule's name ends with the
     * row number), from the message or by generating the same DRL and reading back from that line.
     */
    private static int locateLine(String path, Message m, byte[] source) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (source == null || !isDecisionTable(lower)) {
            return Math.max(m.getLine(), 0);
        }
        Matcher name = RULE_NAME.matcher(m.getText());
        if (name.find()) {
            Matcher row = TABLE_ROW.matcher(name.group(1).strip());
            if (row.find()) {
                return Integer.parseInt(row.group(1));
            }
        }
        if (m.getLine() <= 0) {
            return 0;
        }
        try {
            InputType type = lower.endsWith(".csv") ? InputType.CSV : InputType.XLS;
            String[] drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(source), type).split("\n");
            for (int i = Math.min(m.getLine(), drl.length) - 1; i >= 0; i--) {
                Matcher rule = GENERATED_RULE.matcher(drl[i]);
                if (rule.find()) {
                    return Integer.parseInt(rule.group(1));
                }
            }
        } catch (RuntimeException e) {
            // The table could not even be turned into DRL; that error is reported on its own.
        }
        return 0;
    }

    private static String display(Path dir, String relative) {
        return relative.isEmpty() ? dir.toString() : dir.resolve(relative).toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
