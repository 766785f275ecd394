package io.chorus.api.operations;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an integrator does with the served document: generate a Java client and a TypeScript client with
 * openapi-generator, compile each with a program that tells a customer's story (profile, events, decision, outcome,
 * context, rules), and run it against the running service. Part of {@code mvn -B -pl api -am verify -Pclients},
 * which fetches the generator; the TypeScript half needs Node.js and npm (npx fetches the TypeScript compiler).
 */
@MicronautTest
@Tag("clients")
class GeneratedClientsTest extends ApiTestBase {
    private static final Path WORK = Path.of("target", "clients");

    @Test
    void aGeneratedJavaClientCompilesAndTellsTheStoryAgainstTheService() throws Exception {
        Path java = generate("java", "--library", "native", "--additional-properties=invokerPackage=io.chorus.client,"
                + "apiPackage=io.chorus.client.api,modelPackage=io.chorus.client.model,openApiNullable=false,"
                + "useJakartaEe=true,hideGenerationTimestamp=true");
        Path classes = WORK.resolve("java-classes");
        Files.createDirectories(classes);
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(java.resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toString()));
        }
        sources.add(resource("clients/JavaClientFlow.java").toString());
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn", "-proc:none",
                "-classpath", System.getProperty("java.class.path")));
        arguments.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

        assertThat(javac.run(null, null, null, arguments.toArray(String[]::new))).as("the Java client compiles").isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("io.chorus.client.flow.JavaClientFlow").getMethod("run", URI.class, Map.class)
                    .invoke(null, server.getURI(), Map.of("CHANNEL", Api.CHANNEL, "RECORDER", Api.RECORDER,
                            "ANALYST", Api.ANALYST));
        }
    }

    @Test
    void aGeneratedTypeScriptClientCompilesAndTellsTheStoryAgainstTheService() throws Exception {
        Path project = WORK.resolve("typescript");
        generate("typescript/client", "-g", "typescript-fetch");
        Files.copy(resource("clients/flow.ts"), project.resolve("flow.ts"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(resource("clients/tsconfig.json"), project.resolve("tsconfig.json"), StandardCopyOption.REPLACE_EXISTING);

        assertThat(run(project, "npx", "--yes", "-p", "typescript@5.6.3", "tsc", "-p", "tsconfig.json"))
                .as("the TypeScript client compiles").isZero();
        assertThat(run(project, "node", "out/flow.js", server.getURI().toString(), Api.CHANNEL, Api.RECORDER,
                Api.ANALYST)).as("the TypeScript program tells the story").isZero();
    }

    /** Runs openapi-generator on the served document; {@code -g java} unless the options name another generator. */
    private Path generate(String into, String... options) throws Exception {
        String generator = System.getProperty("chorus.openapi.generator.jar");
        assertThat(generator).as("openapi-generator's jar: run these tests with -Pclients, which fetches it").isNotBlank();
        Path out = WORK.resolve(into);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", generator, "generate",
                "-i", resource("openapi.yml").toString(), "-o", out.toString()));
        if (!List.of(options).contains("-g")) {
            command.addAll(List.of("-g", "java"));
        }
        command.addAll(List.of(options));
        assertThat(run(Path.of("."), command.toArray(String[]::new))).as("openapi-generator").isZero();
        return out;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(GeneratedClientsTest.class.getResource("/" + name).toURI());
    }

    private static int run(Path directory, String... command) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path log = Files.createTempFile("chorus-client", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
        }
        if (process.exitValue() != 0) {
            System.out.println(String.join(" ", command) + File.separator + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }
}
