package io.chorus.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded default: a real PostgreSQL (zonky's binaries) in the local data directory, which survives
 * restarts. Durable like a server: fsync, synchronous commit and full-page writes on (zonky turns them off).
 *
 * <p>Nobody logs in without the password: it is generated at the first start, kept beside the cluster in
 * {@code <directory>.password} (mode 0600), and every line of {@code pg_hba.conf} asks for it (scram-sha-256).
 * A cluster made by an older Chorus, which trusted every local connection, gets a password and the same
 * {@code pg_hba.conf} at its next start. {@code <directory>.lock} is locked while a process uses the cluster, so a
 * second {@code chorus serve} on it stops with a message instead of fighting over it. A start after a crash
 * ({@code kill -9}) removes the {@code postmaster.pid} left behind and stops a PostgreSQL the dead process left
 * running on the cluster.
 *
 * <p>{@link #open(Path, int)} does the checks and the locking, fast and on the caller's thread, and knows the
 * {@link #jdbcUrl()}; {@link #startPostgres()} then starts the server (slow, may run on another thread).
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String HBA = """
            # Written by Chorus: every connection needs the password kept in %s (scram-sha-256).
            # TYPE  DATABASE     USER  ADDRESS       METHOD
            local   all          all                 scram-sha-256
            host    all          all   127.0.0.1/32  scram-sha-256
            host    all          all   ::1/128       scram-sha-256
            local   replication  all                 scram-sha-256
            host    replication  all   127.0.0.1/32  scram-sha-256
            host    replication  all   ::1/128       scram-sha-256
            """;

    private final Path directory;
    private final int port;
    private final Path passwordFile;
    private final String password;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path directory, int port, Path passwordFile, String password, FileChannel lockChannel,
                             FileLock lock) {
        this.directory = directory;
        this.port = port;
        this.passwordFile = passwordFile;
        this.password = password;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** A free port on the loopback interface, for a database started later with {@link #start(Path, int)}. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the embedded PostgreSQL", e);
        }
    }

    /** The file beside the cluster directory that holds the superuser's password. */
    public static Path passwordFile(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".password");
    }

    /** The file beside the cluster directory that a process using the cluster holds locked. */
    public static Path lockFile(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    /** Opens and starts: {@link #open(Path, int)}, then {@link #startPostgres()}. */
    public static EmbeddedDatabase start(Path directory, int port) {
        EmbeddedDatabase database = open(directory, port);
        try {
            return database.startPostgres();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Takes the cluster for this process (its lock file), clears what a crashed run left behind, checks the port is
     * free and reads the password (making it the first time). Starts nothing.
     *
     * @throws EmbeddedDatabaseException with a message for the user when another process has the cluster, the port
     *                                   is taken or the password is lost
     */
    public static EmbeddedDatabase open(Path directory, int port) {
        Path cluster = directory.toAbsolutePath().normalize();
        FileChannel channel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(cluster.getParent());
            Path lockFile = lockFile(cluster);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            lock = tryLock(channel);
            if (lock == null) {
                throw new EmbeddedDatabaseException("data directory " + cluster + " is already in use by another"
                        + " chorus serve (" + holder(lockFile) + "); stop that one first, or give this one its own"
                        + " --data-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);

            clearCrashedRun(cluster);
            requireFreePort(port);
            Path passwordFile = passwordFile(cluster);
            String password = readOrMakePassword(cluster, passwordFile);
            return new EmbeddedDatabase(cluster, port, passwordFile, password, channel, lock);
        } catch (IOException | RuntimeException e) {
            release(lock, channel);
            if (e instanceof EmbeddedDatabaseException known) {
                throw known;
            }
            throw new EmbeddedDatabaseException("cannot prepare the embedded PostgreSQL in " + cluster + ": " + e, e);
        }
    }

    /** Starts PostgreSQL on the opened cluster: makes it at the first start, and asks for the password from then on. */
    public EmbeddedDatabase startPostgres() {
        try {
            Files.createDirectories(directory);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setPort(port)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // A new cluster gets the password from initdb: no moment without one. zonky appends these as
                    // --key=value after its own "-A trust", so they win. An existing cluster ignores them.
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setConnectConfig("password", password)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .start();
            requirePasswordEverywhere();
            LOG.info("Embedded PostgreSQL in {} on port {} (password in {})", directory, port, passwordFile);
            return this;
        } catch (IOException | RuntimeException e) {
            stopPostgres();
            if (e instanceof EmbeddedDatabaseException known) {
                throw known;
            }
            throw new EmbeddedDatabaseException(explain(e), e);
        }
    }

    /** Where clients connect, password included (redact it with {@link DatabaseUrl#redacted(String)} in messages). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=" + SUPERUSER + "&password=" + password;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    @Override
    public void close() {
        stopPostgres();
        release(lock, lockChannel);
    }

    private void stopPostgres() {
        EmbeddedPostgres running = postgres;
        postgres = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very process has it
        }
    }

    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            if (pid.isEmpty()) {
                return "pid unknown";
            }
            return pid.equals(Long.toString(ProcessHandle.current().pid())) ? "pid " + pid + ", this process"
                    : "pid " + pid;
        } catch (IOException e) {
            return "pid unknown";
        }
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not release the embedded database's lock: {}", e.getMessage());
        }
    }

    // --- after a crash ---------------------------------------------------------------------------------------------

    /**
     * A killed service leaves {@code postmaster.pid} behind, and often its PostgreSQL still running (pg_ctl starts it
     * as a daemon, so it outlives the JVM). We hold the lock, so no live Chorus uses the cluster: a PostgreSQL still
     * serving it is an orphan, stopped here as pg_ctl would (SIGINT, a fast shutdown that rolls back open
     * transactions), and a pid file naming any other process (dead, or its number reused) is stale and removed.
     */
    private static void clearCrashedRun(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return;
        }
        long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (process.isPresent() && servesCluster(process.get(), cluster)) {
            LOG.warn("A PostgreSQL left running by an earlier run (pid {}) still serves {}; stopping it", pid, cluster);
            stopOrphan(process.get());
        } else {
            LOG.warn("Removing the stale {} of an earlier run (pid {} is not a PostgreSQL on this cluster)",
                    pidFile, lines.isEmpty() ? "?" : lines.get(0));
        }
        Files.deleteIfExists(pidFile);
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** PostgreSQL changes into its data directory; elsewhere than Linux, the program's name is all there is. */
    private static boolean servesCluster(ProcessHandle process, Path cluster) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Files.isSameFile(cwd, cluster);
        } catch (IOException | SecurityException e) {
            String command = process.info().command().orElse("");
            String name = Path.of(command.isEmpty() ? "unknown" : command).getFileName().toString();
            return name.equals("postgres") || name.equals("postmaster");
        }
    }

    private static void stopOrphan(ProcessHandle postmaster) throws IOException {
        List<ProcessHandle> children = postmaster.descendants().toList();
        signal(postmaster.pid(), "INT");
        if (!exited(postmaster, ORPHAN_STOP_WAIT)) {
            LOG.warn("PostgreSQL (pid {}) did not stop within {}; killing it", postmaster.pid(), ORPHAN_STOP_WAIT);
            postmaster.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            if (!exited(postmaster, Duration.ofSeconds(10))) {
                throw new EmbeddedDatabaseException("a PostgreSQL left running by an earlier run (pid "
                        + postmaster.pid() + ") will not stop; stop it by hand and start again");
            }
        }
        for (ProcessHandle child : children) {
            exited(child, Duration.ofSeconds(5));
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL (pid " + pid + ")", e);
        }
    }

    private static boolean exited(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    // --- port ------------------------------------------------------------------------------------------------------

    private static void requireFreePort(int port) {
        if (!portFree(port)) {
            throw portInUse(port);
        }
    }

    private static EmbeddedDatabaseException portInUse(int port) {
        return new EmbeddedDatabaseException("port " + port + " is in use by another program; set"
                + " CHORUS_EMBEDDED_PORT (or --embedded-port) to a free port, or leave it unset to have one chosen,"
                + " or set CHORUS_DB_URL to use a PostgreSQL server instead");
    }

    /** PostgreSQL listens on localhost; SO_REUSEADDR as it sets it, so only a listening socket counts. */
    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            return true; // not a clash; PostgreSQL reports whatever else it is
        }
    }

    // --- password --------------------------------------------------------------------------------------------------

    private static String readOrMakePassword(Path cluster, Path passwordFile) throws IOException {
        if (Files.exists(passwordFile)) {
            ownerOnly(passwordFile);
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            if (!password.isEmpty()) {
                return password;
            }
        }
        if (Files.exists(cluster.resolve("PG_VERSION")) && !allowsWithoutPassword(cluster.resolve("pg_hba.conf"))) {
            throw new EmbeddedDatabaseException("the password of the embedded PostgreSQL in " + cluster
                    + " is lost: " + passwordFile + " is missing or empty. Restore that file, or move the cluster"
                    + " directory away to start on a new, empty one");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writeOwnerOnly(passwordFile, password + "\n");
        LOG.info("Made a password for the embedded PostgreSQL, kept in {}", passwordFile);
        return password;
    }

    private static void ownerOnly(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            LOG.warn("{} could be read by others; making it readable by its owner only", file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    /** Written whole or not at all, readable by the owner only from its first byte. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(temporary);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        moveIntoPlace(temporary, file);
    }

    private static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean allowsWithoutPassword(Path hba) throws IOException {
        if (!Files.exists(hba)) {
            return false;
        }
        for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
            String content = line.replaceFirst("#.*", "").strip();
            if (content.isEmpty()) {
                continue;
            }
            for (String token : content.split("\\s+")) {
                if (token.equals("trust")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A cluster an older Chorus made trusts every local connection: it gets the password and a pg_hba.conf that asks
     * for it, in that order, so a crash in between leaves it trusting (and this runs again) rather than locked.
     */
    private void requirePasswordEverywhere() throws IOException {
        Path hba = directory.resolve("pg_hba.conf");
        if (!allowsWithoutPassword(hba)) {
            return;
        }
        LOG.warn("The embedded PostgreSQL in {} let anyone on this machine in without a password; setting the"
                + " password kept in {}", directory, passwordFile);
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            // The password is base64url (letters, digits, - and _): nothing to escape in a literal.
            statement.execute("ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "'");
            Path temporary = hba.resolveSibling("pg_hba.conf.new");
            Files.writeString(temporary, HBA.formatted(passwordFile), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            moveIntoPlace(temporary, hba);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not set the password: " + e.getMessage(), e);
        }
        awaitPasswordRequired();
    }

    /** The reload is asynchronous: wait until a connection without the password is turned away. */
    private void awaitPasswordRequired() throws IOException {
        Properties noPassword = new Properties();
        noPassword.setProperty("user", SUPERUSER);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(url, noPassword)) {
                Thread.sleep(50);
            } catch (SQLException e) {
                return; // refused: the new pg_hba.conf is in force
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException("PostgreSQL still lets connections in without the password after reloading "
                + directory.resolve("pg_hba.conf"));
    }

    // --- what went wrong -------------------------------------------------------------------------------------------

    private String explain(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
                return "the embedded PostgreSQL in " + directory + " refused the password kept in " + passwordFile
                        + " (was the file changed or replaced?). Restore the file, or move the cluster directory"
                        + " away to start on a new, empty one";
            }
        }
        if (!portFree(port)) {
            return portInUse(port).getMessage();
        }
        if (runsAsRootWithoutUserNamespaces()) {
            return "cannot start the embedded PostgreSQL in " + directory + ": PostgreSQL refuses to run as root,"
                    + " and this system does not let it run in a user namespace (unshare -U) instead. Run chorus"
                    + " as another user, or point it at a PostgreSQL server: CHORUS_DB_URL="
                    + "jdbc:postgresql://HOST:5432/DB?user=USER&password=PASSWORD (or --db-url)";
        }
        return "cannot start the embedded PostgreSQL in " + directory + ": " + because(failure)
                + " (PostgreSQL's own messages are in the service log)";
    }

    private static boolean runsAsRootWithoutUserNamespaces() {
        if (!"root".equals(System.getProperty("user.name"))
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            return !LinuxUtils.isUnshareAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String because(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        if (root != failure && root.getMessage() != null) {
            message += " (" + root.getMessage() + ")";
        }
        return DatabaseUrl.redacted(message);
    }
}
