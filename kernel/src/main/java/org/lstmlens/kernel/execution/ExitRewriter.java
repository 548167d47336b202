package org.lstmlens.kernel.execution;

import org.lstmlens.kernel.runtime.ExitGuard;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a snippet class so that its calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}
 * (direct calls and method references) go to {@link ExitGuard}, which fails the cell instead of ending the kernel.
 *
 * <p>Only the cell's own bytecode is rewritten: an exit called by library code, or through reflection, still ends the
 * process (the kernel then says so on the cell's stderr before it goes, see the kernel's exit notice).
 */
final class ExitRewriter {
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String GUARD = Type.getInternalName(ExitGuard.class);
    private static final String EXIT = "(I)V";
    private static final String ON_RUNTIME = "(Ljava/lang/Runtime;I)V";

    private ExitRewriter() {
    }

    /** The class with its exits guarded; the same bytes when it calls none. */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        String guard = guardFor(opcode == Opcodes.INVOKESTATIC, owner, method, desc);
                        if (guard == null) {
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                        } else {
                            changed[0] = true;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, method, guard, false);
                        }
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        super.visitLdcInsn(value instanceof Handle handle ? guarded(handle, changed) : value);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap, Object... args) {
                        Object[] guardedArgs = args.clone();
                        for (int i = 0; i < guardedArgs.length; i++) {
                            if (guardedArgs[i] instanceof Handle handle) {
                                guardedArgs[i] = guarded(handle, changed);
                            }
                        }
                        super.visitInvokeDynamicInsn(method, desc, bootstrap, guardedArgs);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classFile;
    }

    /** The guard's descriptor for a call of {@code owner.method desc}, or null when it is not an exit. */
    private static String guardFor(boolean isStatic, String owner, String method, String desc) {
        if (isStatic && owner.equals(SYSTEM) && method.equals("exit") && desc.equals(EXIT)) {
            return EXIT;
        }
        if (!isStatic && owner.equals(RUNTIME) && (method.equals("exit") || method.equals("halt")) && desc.equals(EXIT)) {
            return ON_RUNTIME;
        }
        return null;
    }

    /** A method handle ({@code System::exit}, {@code runtime::halt}) pointed at the guard. */
    private static Handle guarded(Handle handle, boolean[] changed) {
        boolean isStatic = handle.getTag() == Opcodes.H_INVOKESTATIC;
        boolean isVirtual = handle.getTag() == Opcodes.H_INVOKEVIRTUAL;
        if (!isStatic && !isVirtual) {
            return handle;
        }
        String guard = guardFor(isStatic, handle.getOwner(), handle.getName(), handle.getDesc());
        if (guard == null) {
            return handle;
        }
        changed[0] = true;
        return new Handle(Opcodes.H_INVOKESTATIC, GUARD, handle.getName(), guard, false);
    }
}
