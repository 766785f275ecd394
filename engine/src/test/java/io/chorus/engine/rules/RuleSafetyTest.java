package io.chorus.engine.rules;

import io.chorus.engine.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule files are code that runs inside the service: one test per way out of the fact model. */
class RuleSafetyTest {
    private static final String HEADER = """
            package chorus.rules;
            import io.chorus.engine.context.*;
            import io.chorus.engine.decision.*;

            """;
    /** The line of the action in {@link #rule}. */
    private static final int ACTION_LINE = 9;

    private static String rule(String action) {
        return HEADER + """
                rule "An analyst's rule"
                when
                    $c : CustomerContext()
                then
                    %s
                end
                """.formatted(action);
    }

    private static List<RuleProblem> check(String drl) {
        return RuleSafety.check(RuleSource.drl("plays/x.drl", drl));
    }

    private static void assertRefused(String action, String reported, String reach) {
        assertThat(check(rule(action))).as(action).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.file()).isEqualTo("plays/x.drl");
            assertThat(p.line()).isEqualTo(ACTION_LINE);
            assertThat(p.message()).isEqualTo(reported + " is outside the fact model (" + reach + "): rules may not use it");
        });
    }

    @Test
    void readingTheEnvironmentIsRefused() {
        assertRefused("String keys = System.getenv( \"CHORUS_API_KEYS\" );", "System.getenv",
                "the JVM and its environment");
        assertRefused("String home = java.lang.System.getProperty( \"user.home\" );", "java.lang.System.getProperty",
                "the JVM and its environment");
    }

    @Test
    void stoppingTheJvmIsRefused() {
        assertRefused("System.exit( 1 );", "System.exit", "the JVM and its environment");
        assertRefused("Runtime.getRuntime().halt( 1 );", "Runtime.getRuntime", "the JVM and its environment");
    }

    @Test
    void startingAProcessIsRefused() {
        assertRefused("new ProcessBuilder( \"sh\", \"-c\", \"id\" ).start();", "new ProcessBuilder", "processes");
        assertRefused("ProcessHandle.current().destroy();", "ProcessHandle.current", "processes");
    }

    @Test
    void reflectionIsRefused() {
        assertRefused("Object o = Class.forName( \"io.chorus.Secret\" );", "Class.forName", "reflection");
        assertRefused("java.lang.reflect.Method m = null;", "java.lang.reflect.Method", "reflection");
        assertRefused("Object l = $c.getClass().getClassLoader();", "getClassLoader", "reflection");
        assertRefused("$c.getClass().getDeclaredFields()[0].setAccessible( true );", "getDeclaredFields",
                "reflection");
    }

    @Test
    void filesAreRefused() {
        assertRefused("boolean seen = new java.io.File( \"/etc/passwd\" ).exists();", "new java.io.File", "files");
        assertRefused("java.nio.file.Files.delete( java.nio.file.Path.of( \"x\" ) );", "java.nio.file.Files.delete",
                "files");
    }

    @Test
    void theNetworkIsRefused() {
        assertRefused("new java.net.Socket( \"example.com\", 80 ).close();", "new java.net.Socket", "the network");
        assertRefused("Object c = java.sql.DriverManager.getConnection( \"jdbc:postgresql:x\" );",
                "java.sql.DriverManager.getConnection", "the network");
    }

    @Test
    void threadsAreRefused() {
        assertRefused("new Thread( () -> {} ).start();", "new Thread", "threads");
        assertRefused("Thread.sleep( 1000 );", "Thread.sleep", "threads");
        assertRefused("java.util.concurrent.Executors.newFixedThreadPool( 2 );",
                "java.util.concurrent.Executors.newFixedThreadPool", "threads");
        assertRefused("new java.util.Timer().schedule( null, 1000 );", "new java.util.Timer", "threads");
        assertRefused("long n = $c.accounts().parallelStream().count();", "parallelStream", "threads");
    }

    @Test
    void unicodeEscapesAreReadAsJavaReadsThem() {
        assertRefused("\\u0053ystem.exit( 1 );", "System.exit", "the JVM and its environment");
        assertRefused("String s = \"\\u0022; System.exit( 1 ); \\u0022\";", "System.exit", "the JVM and its environment");
    }

    @Test
    void importBeyondTheFactModelIsRefusedAtItsLine() {
        List<RuleProblem> problems = check("package chorus.rules;\nimport java.io.File;\n");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("java.io.File is outside the fact model (files)");
        });
    }

    @Test
    void globalTheEngineDoesNotProvideIsRefusedAtItsLine() {
        List<RuleProblem> problems = check(HEADER + "global java.util.List results;\n");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).isEqualTo("global results is not provided by the engine (it provides none):"
                    + " every rule that uses it would fail when it runs");
        });
    }

    @Test
    void commentsAndTextThatMentionTheJvmAreFine() {
        assertThat(check(rule("""
                // System.exit( 1 ) would stop the service; so would java.io.File
                /* Class.forName( "x" ), new Thread() */
                insert( Proposal.of( kcontext, ActionType.GUIDANCE, "System.getenv" )
                        .title( "Say: our Runtime, our Thread, our java.net" ) );"""))).isEmpty();
    }

    @Test
    void defaultRuleSetUsesOnlyTheFactModel() throws IOException {
        List<RuleProblem> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Fixtures.RULES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = Fixtures.RULES.relativize(file).toString();
                List<RuleSource> sources = path.endsWith(".drl")
                        ? List.of(RuleSource.drl(path, Files.readString(file)))
                        : DecisionTables.isTable(path) ? DecisionTables.read(path, Files.readAllBytes(file), problems)
                        : List.of();
                sources.forEach(source -> problems.addAll(RuleSafety.check(source)));
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void forbiddenCallInADecisionTableCellIsReportedAtItsRow() {
        String csv = """
                RuleSet,chorus.rules
                Import,"io.chorus.engine.context.*, io.chorus.engine.decision.*"
                ,,
                RuleTable Greetings,,
                NAME,CONDITION,ACTION
                ,$s : Situation,
                ,channel == Channel.$param,$param
                Rule,Channel,Do
                Greet the store,STORE,"insert(Proposal.of(kcontext, ActionType.GUIDANCE, ""hello""));"
                Leak the keys,WEB,"insert(Proposal.of(kcontext, ActionType.GUIDANCE, System.getenv(""CHORUS_API_KEYS"")));"
                """;
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleSource> sources = DecisionTables.read("tables/greetings.csv", csv.getBytes(StandardCharsets.UTF_8),
                problems);

        assertThat(problems).isEmpty();
        assertThat(RuleSafety.check(sources.get(0))).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("tables/greetings.csv");
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).startsWith("System.getenv is outside the fact model");
        });
    }
}
