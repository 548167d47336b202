package org.lstmlens.kernel.execution;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;

/**
 * The DSL's own javadoc, read from its sources shipped inside the kernel jar (resource folder {@value #ROOT}).
 *
 * <p>Why: JShell's {@code documentation(..., true)} only reads javadoc from the JDK's {@code src.zip}, which Debian's
 * JDK 17 lacks, and never from the class path. Each DSL source file is parsed on first use with javac's tree API and
 * its doc comments kept by class, method name and parameter types.
 */
final class DslDocs {
    static final String ROOT = "lstmlens-sources/";
    /** A JShell method signature: return type, class, method, parameters, e.g. {@code ParamCount Lstm.params(int a)}. */
    private static final Pattern METHOD = Pattern.compile("(?:^|\\s)([\\w.$]+)\\.(\\w+)\\((.*)\\)\\s*$");

    private final ClassLoader loader;
    private final Map<String, Optional<Map<String, String>>> byClass = new ConcurrentHashMap<>();
    /** Simple class name to the source resources declaring it, found on first use. */
    private volatile Map<String, List<String>> sources;

    private DslDocs(ClassLoader loader) {
        this.loader = loader;
    }

    static DslDocs fromClasspath() {
        return new DslDocs(DslDocs.class.getClassLoader());
    }

    /** Every shipped source file, by simple class name: the DSL's packages are whatever it ships, not a fixed list. */
    private Map<String, List<String>> sources() {
        Map<String, List<String>> index = sources;
        if (index == null) {
            index = new HashMap<>();
            try {
                URI location = DslDocs.class.getProtectionDomain().getCodeSource().getLocation().toURI();
                Path root = Path.of(location);
                if (Files.isDirectory(root)) {
                    addSources(root.resolve(ROOT), index);
                } else {
                    try (FileSystem jar = FileSystems.newFileSystem(root)) {
                        addSources(jar.getPath("/" + ROOT), index);
                    }
                }
            } catch (IOException | URISyntaxException | RuntimeException e) {
                // no sources found: inspect still shows signatures
            }
            sources = index;
        }
        return index;
    }

    private static void addSources(Path root, Map<String, List<String>> index) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String file = f.getFileName().toString();
                String resource = ROOT + root.relativize(f).toString().replace('\\', '/');
                index.computeIfAbsent(file.substring(0, file.length() - ".java".length()), k -> new ArrayList<>())
                        .add(resource);
            });
        }
    }

    /** The doc comment for a JShell signature (method or type), as plain text, if the DSL documents it. */
    Optional<String> forSignature(String signature) {
        Matcher method = METHOD.matcher(signature.strip());
        if (method.find()) {
            String owner = method.group(1);
            String simple = owner.substring(owner.lastIndexOf('.') + 1);
            List<String> types = parameterTypes(method.group(3));
            return lookupMethod(simple, method.group(2), types);
        }
        return forType(signature.strip());
    }

    /** The class comment of a type named simply or fully, e.g. {@code Lstm} or {@code org.lstmlens.dsl.Lstm}. */
    Optional<String> forType(String typeName) {
        String simple = typeName.replaceAll("<.*>", "");
        simple = simple.substring(simple.lastIndexOf('.') + 1);
        return docsOf(simple).map(docs -> docs.get("")).filter(s -> !s.isBlank());
    }

    private Optional<String> lookupMethod(String simpleClass, String name, List<String> types) {
        return docsOf(simpleClass).flatMap(docs -> {
            String exact = docs.get(name + "(" + String.join(",", types) + ")");
            if (exact != null) {
                return Optional.of(exact);
            }
            String byCount = docs.get(name + "/" + types.size());
            return Optional.ofNullable(byCount);
        });
    }

    private static List<String> parameterTypes(String parameters) {
        List<String> types = new ArrayList<>();
        if (parameters.isBlank()) {
            return types;
        }
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : parameters.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                types.add(typeOf(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        types.add(typeOf(current.toString()));
        return types;
    }

    /** "int features" to "int"; generics dropped, names simple, so JShell's and javac's spellings meet. */
    private static String typeOf(String parameter) {
        String p = parameter.strip();
        int space = p.lastIndexOf(' ');
        String type = space < 0 ? p : p.substring(0, space).strip();
        type = type.replaceAll("<.*>", "").replace("...", "[]");
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private Optional<Map<String, String>> docsOf(String simpleClass) {
        return byClass.computeIfAbsent(simpleClass, this::load);
    }

    private Optional<Map<String, String>> load(String simpleClass) {
        for (String resource : sources().getOrDefault(simpleClass, List.of())) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    return Optional.of(parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Doc comments of the file's top-level class ("") and its methods ("name(types)" and "name/count"). */
    private static Map<String, String> parse(String name, String source) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name), SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) compiler.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        DocTrees trees = DocTrees.instance(task);
        Map<String, String> docs = new HashMap<>();
        for (CompilationUnitTree unit : task.parse()) {
            for (Tree type : unit.getTypeDecls()) {
                if (type instanceof ClassTree classTree) {
                    TreePath classPath = TreePath.getPath(unit, classTree);
                    docs.put("", text(trees.getDocCommentTree(classPath)));
                    collectMethods(trees, classPath, classTree, docs);
                }
            }
        }
        return docs;
    }

    private static void collectMethods(DocTrees trees, TreePath classPath, ClassTree classTree, Map<String, String> docs) {
        for (Tree member : classTree.getMembers()) {
            if (member instanceof MethodTree method && !method.getModifiers().getFlags().contains(Modifier.PRIVATE)) {
                String doc = text(trees.getDocCommentTree(new TreePath(classPath, method)));
                if (doc.isBlank()) {
                    continue;
                }
                List<String> types = method.getParameters().stream()
                        .map(VariableTree::getType).map(Tree::toString).map(DslDocs::typeOf).toList();
                docs.put(method.getName() + "(" + String.join(",", types) + ")", doc);
                docs.putIfAbsent(method.getName() + "/" + types.size(), doc);
            }
        }
    }

    /** Javadoc as plain text: inline tags reduced to their text, paragraphs kept, block tags on their own lines. */
    private static String text(DocCommentTree comment) {
        if (comment == null) {
            return "";
        }
        StringBuilder body = new StringBuilder();
        comment.getFullBody().forEach(part -> body.append(part));
        StringBuilder out = new StringBuilder(plain(body.toString()));
        comment.getBlockTags().forEach(tag -> out.append("\n").append(plain(tag.toString())));
        return out.toString().strip();
    }

    private static String plain(String javadoc) {
        return javadoc
                .replaceAll("\\{@(?:code|literal) ([^}]*)}", "$1")
                .replaceAll("\\{@(?:link|linkplain) (?:[\\w.]*#)?([^} ]*)(?: [^}]*)?}", "$1")
                .replaceAll("(?i)<p>", "\n")
                .replaceAll("</?[a-zA-Z][^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replaceAll("[ \\t]*\\n[ \\t]*", "\n")
                .strip();
    }
}
