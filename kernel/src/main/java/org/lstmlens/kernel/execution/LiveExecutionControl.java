package org.lstmlens.kernel.execution;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process engine, keeping hold of the live object behind a variable.
 *
 * <p>Why a subclass: {@link LocalExecutionControl} runs snippets in this JVM (so a cell's value is the object itself,
 * with the same {@code Class} the kernel sees) and its {@code stop()} ends a busy loop (Thread.stop on JDK 17, the
 * instrumented stop check on JDK 20+). What it hands back is only the value's string. JShell asks for a variable's
 * value through {@link #varValue(String, String)} with the wrapper class's name, which the public API hides; reading
 * the static field here gives the live object without opening {@code jdk.jshell} to reflection.
 */
final class LiveExecutionControl extends LocalExecutionControl {
    private volatile Object lastValue;

    /**
     * Loads snippet classes with their {@code System.exit}/{@code halt} calls guarded ({@link ExitRewriter}); on JDK
     * 20+ the superclass then adds its own stop checks.
     */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        super.load(Arrays.stream(classes)
                .map(c -> new ClassBytecodes(c.name(), ExitRewriter.rewrite(c.bytecodes())))
                .toArray(ClassBytecodes[]::new));
    }

    /** The object the last {@code varValue} call read. */
    Object lastValue() {
        return lastValue;
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            Object value = field.get(null);
            lastValue = value;
            return valueString(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            lastValue = null;
            return super.varValue(className, varName);
        }
    }

    /** How JShell prints a value: strings quoted, arrays spelled out, everything else by toString. */
    static String jshellString(Object value) {
        return valueString(value);
    }

    /** Hands JShell this engine; keeps the instance so the evaluator can read values back. */
    static final class Provider implements ExecutionControlProvider {
        private volatile LiveExecutionControl control;

        @Override
        public String name() {
            return "lstm-lens-live";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new LiveExecutionControl();
            return control;
        }

        LiveExecutionControl control() {
            return control;
        }
    }
}
