package org.lstmlens.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LSTMLENS_CLASSPATH read as {@code java -cp} reads a class path: jar files, {@code dir/*} for the jars in a
 * directory (in name order, other files left out), empty entries ignored, anything else refused with its name.
 * The agent itself (appending to the system class path before main) runs in the notebooks' test, where
 * {@code 10_spark} starts a SparkSession in the kernel.
 */
class ExtraClassPathTest {
    @TempDir
    Path dir;

    @Test
    void should_read_jars_and_expand_a_directory_wildcard_in_name_order() throws Exception {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        Path b = Files.createFile(lib.resolve("b.jar"));
        Path a = Files.createFile(lib.resolve("a.jar"));
        Files.createFile(lib.resolve("notes.txt"));
        Path single = Files.createFile(dir.resolve("single.jar"));

        String value = single + File.pathSeparator + File.pathSeparator + lib + File.separator + "*";

        assertThat(ExtraClassPath.parse(value)).containsExactly(single, a, b);
    }

    @Test
    void should_refuse_a_missing_file_naming_it_and_what_is_valid() {
        String missing = dir.resolve("spark-core.jar").toString();

        assertThatThrownBy(() -> ExtraClassPath.parse(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LSTMLENS_CLASSPATH entry \"" + missing + "\": no such file; expected jar files or dir"
                        + File.separator + "* separated by " + File.pathSeparator);
    }

    @Test
    void should_refuse_a_bare_directory_suggesting_its_wildcard() {
        assertThatThrownBy(() -> ExtraClassPath.parse(dir.toString()))
                .hasMessageStartingWith("LSTMLENS_CLASSPATH entry \"" + dir + "\": a directory; write \"" + dir
                        + File.separator + "*\" for the jars in it");
    }

    @Test
    void should_refuse_the_wildcard_of_a_missing_directory() {
        String entry = dir.resolve("jars") + File.separator + "*";

        assertThatThrownBy(() -> ExtraClassPath.parse(entry))
                .hasMessageStartingWith("LSTMLENS_CLASSPATH entry \"" + entry + "\": no directory " + dir.resolve("jars"));
    }

    @Test
    void should_append_nothing_when_the_variable_is_unset() {
        assertThat(System.getenv(ExtraClassPath.VARIABLE)).as("this test's own environment").isNull();
        assertThat(ExtraClassPath.entries()).isEmpty();
    }
}
