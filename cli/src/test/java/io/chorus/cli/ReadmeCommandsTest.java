package io.chorus.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every {@code ./chorus …} line in the README parses as a command, so the README cannot drift from the CLI. */
class ReadmeCommandsTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyChorusCommandInTheReadmeParses() throws IOException {
        List<String> commands = chorusCommands(Files.readString(README));

        assertThat(commands).hasSizeGreaterThanOrEqualTo(4);
        for (String command : commands) {
            String[] args = arguments(command);
            assertThatCode(() -> Chorus.commandLine().parseArgs(args)).as(command).doesNotThrowAnyException();
        }
    }

    private static List<String> chorusCommands(String readme) {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        String pending = "";
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) {
                continue;
            }
            String text = pending + line.replaceAll("\\s+#.*$", "").strip();
            if (text.endsWith("\\")) {
                pending = text.substring(0, text.length() - 1) + " ";
                continue;
            }
            pending = "";
            int at = text.indexOf("./chorus ");
            if (at >= 0) {
                commands.add(text.substring(at + "./chorus ".length()));
            }
        }
        return commands;
    }

    private static String[] arguments(String command) {
        List<String> args = new ArrayList<>();
        for (String word : command.split("\\s+")) {
            args.add(word.replaceAll("^'|'$", ""));
        }
        return args.toArray(String[]::new);
    }
}
