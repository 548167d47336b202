package org.lstmlens.kernel.execution;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Jars a notebook needs beyond the DSL (Apache Spark's, for {@code org.lstmlens.spark}), named by the environment
 * variable {@value #VARIABLE} in the class path's own syntax: entries separated by {@code :} ({@code ;} on Windows),
 * {@code dir/*} meaning every jar in {@code dir}, as {@code java -cp} reads it.
 *
 * <p>Why the system class path, and why this way: the kernel runs {@code java -jar}, which ignores {@code -cp} and
 * {@code CLASSPATH}, and a library such as Spark finds its own classes by name through the thread's context class
 * loader, which is the system one; jars given to JShell alone land in a child loader that neither Spark nor the DSL
 * classes (loaded by the system loader) can see. The jar's manifest names this class as its
 * {@code Launcher-Agent-Class}, so the JVM calls {@link #agentmain} before {@code main}, with the instrumentation
 * that appends to the system class path; JShell then compiles cells against the same jars ({@link #entries()}).
 * The manifest's {@code Add-Opens} opens what Spark reaches into on Java 17, as Spark's own launcher does.
 */
public final class ExtraClassPath {
    /** The variable naming the jars. */
    public static final String VARIABLE = "LSTMLENS_CLASSPATH";

    private static volatile List<Path> appended = List.of();

    private ExtraClassPath() {
    }

    /**
     * Called by the JVM before {@code main} (manifest {@code Launcher-Agent-Class}). A bad entry stops the start
     * with its message on stderr (Jupyter's server log) and exit status 2: an exception here would bury it under the
     * JVM's own agent diagnostics.
     */
    public static void agentmain(String args, Instrumentation instrumentation) {
        String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            List<Path> jars = parse(value);
            for (Path jar : jars) {
                instrumentation.appendToSystemClassLoaderSearch(open(jar));
            }
            appended = List.copyOf(jars);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("lstm-lens kernel: " + e.getMessage());
            System.exit(2);
        }
    }

    private static JarFile open(Path jar) {
        try {
            return new JarFile(jar.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(VARIABLE + " entry \"" + jar + "\": not a readable jar (" + e.getMessage()
                    + ")", e);
        }
    }

    /** The jars appended at start, in order; empty when {@value #VARIABLE} was not set. */
    public static List<Path> entries() {
        return appended;
    }

    /**
     * The jars a class path string names, {@code dir/*} expanded to the directory's jars in name order.
     *
     * @throws IllegalArgumentException naming the entry that is neither a jar file nor {@code dir/*} of a directory
     */
    static List<Path> parse(String value) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
                jars.addAll(jarsIn(entry, Path.of(entry.substring(0, entry.length() - 2))));
            } else if (Files.isRegularFile(Path.of(entry)) && isJar(Path.of(entry))) {
                jars.add(Path.of(entry));
            } else {
                throw new IllegalArgumentException(VARIABLE + " entry \"" + entry + "\": "
                        + (Files.isDirectory(Path.of(entry)) ? "a directory; write \"" + entry + File.separator
                        + "*\" for the jars in it" : Files.exists(Path.of(entry)) ? "not a .jar file" : "no such file")
                        + "; expected jar files or dir" + File.separator + "* separated by " + File.pathSeparator);
            }
        }
        return jars;
    }

    private static List<Path> jarsIn(String entry, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(VARIABLE + " entry \"" + entry + "\": no directory " + dir
                    + "; expected jar files or dir" + File.separator + "* separated by " + File.pathSeparator);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && isJar(file)) {
                    jars.add(file);
                }
            }
        }
        jars.sort(null);
        return jars;
    }

    private static boolean isJar(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jar");
    }
}
