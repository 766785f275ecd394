package io.chorus.cli;

import io.chorus.api.access.ApiKeys;
import io.chorus.api.access.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Make API keys and the lines that configure them by digest, so no key file holds a key.",
        subcommands = {KeysCommand.New.class, KeysCommand.Digest.class})
public final class KeysCommand {

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Make a random key; print it once, and the line for CHORUS_API_KEYS_FILE that names it by"
                    + " its SHA-256 (the service keeps only that)."})
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--roles", split = ",", required = true, paramLabel = "ROLE",
                description = "CHANNEL, RECORDER, ANALYST, ADMIN (comma separated).")
        List<Role> roles;

        @Override
        public Integer call() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = "chorus_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PrintWriter out = spec.commandLine().getOut();
            out.println("key (give it to the caller; it is not kept anywhere):");
            out.println("  " + key);
            out.println("line for the keys file:");
            out.println("  " + line(key, roles));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "digest", mixinStandardHelpOptions = true,
            description = "Read a key from standard input (not the command line, which shell history keeps) and print"
                    + " the line that configures it by digest.")
    static final class Digest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--roles", split = ",", required = true, paramLabel = "ROLE",
                description = "CHANNEL, RECORDER, ANALYST, ADMIN (comma separated).")
        List<Role> roles;

        @Override
        public Integer call() throws IOException {
            String key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (key == null || key.strip().length() < ApiKeys.MIN_KEY_LENGTH) {
                throw new UserError("chorus keys digest: a key of at least " + ApiKeys.MIN_KEY_LENGTH
                        + " characters on standard input, please (chorus keys new makes one)");
            }
            spec.commandLine().getOut().println(line(key.strip(), roles));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    static String line(String key, List<Role> roles) {
        return "sha256:" + ApiKeys.digest(key) + " " + roles.stream().map(Role::name).collect(Collectors.joining(","));
    }
}
