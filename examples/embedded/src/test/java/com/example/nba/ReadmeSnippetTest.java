package com.example.nba;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java lines the README shows under "Embedding the engine" compile against the engine as it is. */
class ReadmeSnippetTest {
    private static final Path README = Path.of("../../README.md");

    @Test
    void theReadmeEmbeddingSnippetCompiles() throws Exception {
        String readme = Files.readString(README);
        int section = readme.indexOf("## Embedding the engine");
        assertTrue(section >= 0, "README has an Embedding the engine section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));

        Path dir = Files.createTempDirectory("readme-snippet");
        Path source = dir.resolve("ReadmeSnippet.java");
        Files.writeString(source, """
                import io.chorus.engine.context.*;
                import io.chorus.engine.decision.*;
                import io.chorus.engine.rules.*;
                import java.nio.file.*;
                import java.time.Instant;

                class ReadmeSnippet {
                    void run() throws Exception {
                """ + snippet + """
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, null, errors, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());

        assertEquals(0, exit, "the README's snippet does not compile:\n" + errors);
    }
}
