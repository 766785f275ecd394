package io.chorus.engine.rules;

import io.chorus.engine.constraints.ConstraintsFile;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.learning.Predictors;
import io.chorus.engine.learning.PredictorsFile;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Query;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSessionsPool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles an analyst's rule directory (DRL files and decision tables) with the classic DRL builder, which
 * reports every error in one pass with its file and line; each located in the analyst's file, and refused if
 * {@link RuleSafety} finds a rule reaching beyond the fact model. This class, {@link DecisionTables} (which turns
 * tables into DRL) and {@link RuleSet} are the only places that touch the KIE API.
 */
public final class RuleSetLoader {
    private static final String RESOURCES = "src/main/resources/";
    private static final AtomicLong LOADS = new AtomicLong();
    private static final Pattern RULE_NAME = Pattern.compile("(?:[Rr]ule name=|in rule )['\"]([^'\"\\n]+)['\"]");
    private static final Pattern SYNTAX_ERROR = Pattern.compile("\\[ERR \\d+\\]");
    private static final Pattern PARSER_CRASH = Pattern.compile("unexpected exception at input .* Exception: ");
    private static final Pattern PARSER_LINE = Pattern.compile("^Line (\\d+):\\d+ ");
    /** A constraint the compiler cannot type: it often comes without a line, but with the constraint's text. */
    private static final Pattern EXPRESSION = Pattern.compile("(?s)^Unable to Analyse Expression (.+?):\\R");
    private static final Pattern NEAR = Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.}]");
    /** An error in an action comes at the rule's first line, naming what it cannot resolve. */
    private static final Pattern UNRESOLVED = Pattern.compile(
            "(?s)^Rule Compilation error.*?(?:([\\w$.]+) cannot be resolved|The (?:method|constructor) ([\\w$]+)\\()");
    private static final Pattern CARET_LINE = Pattern.compile("(?m)^\\s*\\^\\s*$");
    private static final Pattern GENERATED_POSITION = Pattern.compile("\\s*\\[Line: \\d+, Column: \\d+]");

    private RuleSetLoader() {
    }

    private static boolean isRuleFile(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".drl") || DecisionTables.isTable(path);
    }

    /**
     * A file Drools would read as part of a rule set (a DSL, DMN, process, kmodule.xml...) but Chorus does not: the
     * analyst may think it takes part. Chorus's own files beside the rules (scenarios, customers, *.yaml, *.json,
     * *.md) are not among them.
     */
    private static boolean isNotLoaded(String path) {
        return ResourceType.determineResourceType(path) != null || path.toLowerCase(Locale.ROOT).endsWith(".xml");
    }

    /** Loads every rule file under {@code dir}. Never throws for what is wrong in the files: see the problems. */
    public static RuleSetLoad load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return failed(dir, "", List.of(), List.of(RuleProblem.error("", 0, "not a rule directory")));
        }
        Map<String, byte[]> everything;
        try {
            everything = files(dir);
        } catch (IOException e) {
            return failed(dir, "", List.of(), List.of(RuleProblem.error("", 0, "cannot read: " + e.getMessage())));
        }
        return load(dir, everything);
    }

    /**
     * Every regular file under {@code dir}, by its path relative to {@code dir} ({@code /}-separated), in path
     * order: a rule directory as content, for a process that cannot see the directory itself (a Spark executor).
     */
    public static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> everything = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                everything.put(dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return everything;
    }

    /**
     * Loads a rule directory given as content ({@link #files}); {@code dir} is only where it came from, as the
     * rule set reports it. The same rule set, version and problems as {@link #load(Path)} on that directory.
     */
    public static RuleSetLoad load(Path dir, Map<String, byte[]> everything) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : everything.entrySet()) {
            String relative = file.getKey();
            if (isRuleFile(relative)) {
                files.put(relative, file.getValue());
            } else if (isNotLoaded(relative)) {
                problems.add(RuleProblem.warning(relative, 0, "not loaded: Chorus loads *.drl and decision tables"));
            }
        }
        return compile(dir, files, new LinkedHashMap<>(everything), problems);
    }

    private static RuleSetLoad compile(Path dir, Map<String, byte[]> files, Map<String, byte[]> everything,
                                       List<RuleProblem> problems) {
        List<RuleFile> ruleFiles = new ArrayList<>();
        String version = version(everything, ruleFiles);
        if (files.isEmpty()) {
            problems.add(RuleProblem.error("", 0, "no rule files (*.drl, decision tables *.csv, *.xls, *.xlsx) found"));
            return failed(dir, version, ruleFiles, problems);
        }
        List<RuleSource> sources = new ArrayList<>();
        files.forEach((path, bytes) -> sources.addAll(DecisionTables.isTable(path)
                ? DecisionTables.read(path, bytes, problems)
                : List.of(RuleSource.drl(path, new String(bytes, StandardCharsets.UTF_8)))));
        sources.forEach(source -> problems.addAll(RuleSafety.check(source)));
        List<VolumeConstraint> constraints = List.of();
        if (everything.containsKey(ConstraintsFile.NAME)) {
            ConstraintsFile.Read read = ConstraintsFile.read(ConstraintsFile.NAME,
                    new String(everything.get(ConstraintsFile.NAME), StandardCharsets.UTF_8));
            problems.addAll(read.problems());
            constraints = read.constraints();
        }
        Predictors predictors = Predictors.NONE;
        if (everything.containsKey(PredictorsFile.NAME)) {
            PredictorsFile.Read read = PredictorsFile.read(PredictorsFile.NAME,
                    new String(everything.get(PredictorsFile.NAME), StandardCharsets.UTF_8));
            problems.addAll(read.problems());
            predictors = read.predictors();
        }
        KieServices kie = KieServices.Factory.get();
        ReleaseId releaseId = kie.newReleaseId("io.chorus.rules", "ruleset-" + LOADS.incrementAndGet(), "1.0.0");
        try {
            List<RuleProblem> found = build(kie, releaseId, sources);
            problems.addAll(withoutKnockOnErrors(kie, sources, found));
            if (problems.stream().anyMatch(RuleProblem::isError)) {
                return failed(dir, version, ruleFiles, problems);
            }
            KieContainer container = kie.newKieContainer(releaseId);
            KieBase kieBase = container.getKieBase();
            List<String> ruleNames = new ArrayList<>();
            for (KiePackage pkg : kieBase.getKiePackages()) {
                // A query is listed among the rules, but it never fires: it is not a rule to count or cover.
                Set<String> queries = pkg.getQueries().stream().map(Query::getName).collect(Collectors.toSet());
                for (Rule rule : pkg.getRules()) {
                    if (!queries.contains(rule.getName())) {
                        ruleNames.add(rule.getName());
                    }
                }
            }
            ruleNames.sort(String::compareTo);
            Set<String> tableRows = sources.stream().filter(RuleSource::isTable)
                    .flatMap(source -> DrlText.ruleNames(source.drl()).stream()).collect(Collectors.toSet());
            // Pooled sessions are reset, not rebuilt, between decisions: most of a small decision's cost.
            KieSessionsPool sessions = container.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
            RuleSet ruleSet = new RuleSet(kieBase, sessions, version, Instant.now(), List.copyOf(ruleFiles),
                    List.copyOf(ruleNames), ruleNames.stream().filter(name -> !tableRows.contains(name)).toList(),
                    constraints, predictors, dir);
            return new RuleSetLoad(Optional.of(ruleSet), version, List.copyOf(ruleFiles), shown(dir, problems));
        } catch (RuntimeException e) {
            // The builder throws instead of reporting for some errors, e.g. an unknown variable in accumulate.
            problems.add(RuleProblem.error("", 0, "the rule compiler failed: " + rootMessage(e)));
            return failed(dir, version, ruleFiles, problems);
        } finally {
            // The static KieRepository would otherwise keep every rule set ever loaded.
            kie.getRepository().removeKieModule(releaseId);
        }
    }

    /** Compiles the sources as one module; every error and warning located in the analyst's files. */
    private static List<RuleProblem> build(KieServices kie, ReleaseId releaseId, List<RuleSource> sources) {
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        Map<String, RuleSource> byResource = new LinkedHashMap<>();
        for (RuleSource source : sources) {
            kfs.write(RESOURCES + source.resource(), source.drl().getBytes(StandardCharsets.UTF_8));
            byResource.put(source.resource(), source);
        }
        KieBuilder builder = kie.newKieBuilder(kfs);
        builder.buildAll(DrlProject.class);
        List<RuleProblem> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages()) {
            if (m.getLevel() == Message.Level.INFO) {
                continue;
            }
            String resource = m.getPath() == null ? "" : m.getPath().replaceFirst("^" + RESOURCES, "");
            RuleSource source = byResource.get(resource);
            String text = CARET_LINE.matcher(m.getText().strip()).replaceAll("");
            if (PARSER_CRASH.matcher(text).find()) {
                // A file cut off mid-rule crashes the parser: say so at the line it reached, without its stack trace.
                Matcher at = PARSER_LINE.matcher(text);
                int reached = at.find() ? Integer.parseInt(at.group(1)) : 0;
                problems.add(RuleProblem.error(source == null ? resource : source.file(),
                        source == null ? reached : source.line(reached),
                        "[ERR 101] the file ends in the middle of a rule (half saved?): " + text.replaceFirst(
                                "(?s)\\. Exception: .*", "").replaceFirst("^Line \\d+:\\d+ ", "")));
                continue;
            }
            if (text.equals("Parser returned a null Package")) {
                continue;
            }
            String file = resource;
            int line = Math.max(m.getLine(), 0);
            if (source != null) {
                file = source.file();
                Where where = where(source, m);
                line = source.line(where.line());
                text = source.describe((source.isTable() ? GENERATED_POSITION.matcher(text).replaceAll("") : text)
                        + where.note(source));
            }
            text = text.strip().replaceAll("\\s*\\n\\s*", " ");
            problems.add(m.getLevel() == Message.Level.ERROR
                    ? RuleProblem.error(file, line, text)
                    : RuleProblem.warning(file, line, text));
        }
        return problems;
    }

    /** Where in the DRL a message is about, and other lines with the same text (the compiler reports it once). */
    private record Where(int line, List<Integer> alsoAt) {
        String note(RuleSource source) {
            List<String> others = alsoAt.stream().map(source::line).filter(l -> l != source.line(line)).distinct()
                    .map(String::valueOf).toList();
            return others.isEmpty() ? "" : " (the same text is also at line " + String.join(", ", others) + ")";
        }
    }

    /**
     * The line of the DRL a message is about. The compiler gives none for a constraint it cannot type (a misspelled
     * constant in a pattern): find the constraint's text instead. For an error in an action it gives the rule's
     * first line: find what it cannot resolve within the rule.
     */
    private static Where where(RuleSource source, Message m) {
        String text = m.getText();
        if (m.getLine() > 0) {
            Matcher unresolved = UNRESOLVED.matcher(text);
            if (unresolved.find()) {
                String name = unresolved.group(1) != null ? unresolved.group(1) : unresolved.group(2);
                int line = DrlText.identifierLine(source.drl(), m.getLine(), name);
                return new Where(line > 0 ? line : m.getLine(), List.of());
            }
            return new Where(m.getLine(), List.of());
        }
        for (Pattern fragment : List.of(EXPRESSION, NEAR)) {
            Matcher found = fragment.matcher(text);
            if (found.find()) {
                List<Integer> lines = DrlText.linesOf(source.drl(), found.group(1));
                if (!lines.isEmpty()) {
                    return new Where(lines.get(0), lines.subList(1, lines.size()));
                }
            }
        }
        Matcher rule = RULE_NAME.matcher(text);
        return new Where(rule.find() ? DrlText.ruleLine(source.drl(), rule.group(1).strip()) : 0, List.of());
    }

    /**
     * A syntax error makes the compiler drop its whole package, so every other file of the package then reports
     * types and variables it "cannot resolve". To tell the analyst what is really wrong, compile the other files
     * again without the ones that do not parse: their errors, if any, are genuine.
     */
    private static List<RuleProblem> withoutKnockOnErrors(KieServices kie, List<RuleSource> sources,
                                                          List<RuleProblem> problems) {
        List<RuleProblem> syntax = problems.stream()
                .filter(p -> p.isError() && SYNTAX_ERROR.matcher(p.message()).find()).toList();
        if (syntax.isEmpty()) {
            return problems;
        }
        List<RuleSource> parsing = sources.stream()
                .filter(source -> syntax.stream().noneMatch(p -> p.file().equals(source.file()))).toList();
        List<RuleProblem> kept = new ArrayList<>(syntax);
        if (!parsing.isEmpty()) {
            ReleaseId rest = kie.newReleaseId("io.chorus.rules", "ruleset-" + LOADS.incrementAndGet(), "1.0.0");
            try {
                kept.addAll(build(kie, rest, parsing).stream().filter(RuleProblem::isError).toList());
            } finally {
                kie.getRepository().removeKieModule(rest);
            }
        }
        problems.stream().filter(p -> !p.isError()).forEach(kept::add);
        return kept;
    }

    private static RuleSetLoad failed(Path dir, String version, List<RuleFile> files, List<RuleProblem> problems) {
        return new RuleSetLoad(Optional.empty(), version, List.copyOf(files), shown(dir, problems));
    }

    /** Problems in file and line order, naming files as the analyst reaches them: the rule directory, then the path. */
    private static List<RuleProblem> shown(Path dir, List<RuleProblem> problems) {
        return problems.stream()
                .sorted(Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line))
                .map(p -> new RuleProblem(p.file().isEmpty() ? dir.toString() : dir.resolve(p.file()).toString(),
                        p.line(), p.message(), p.severity()))
                .distinct().toList();
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
