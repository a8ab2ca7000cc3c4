package dev.mlops.jenkins.engine;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.console.LineTransformationOutputStream;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.util.ArgumentListBuilder;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jenkins.security.MasterToSlaveCallable;

/**
 * One run of the engine on the agent: {@code <agent java> [collector] [jvm options] -jar mlops.jar <command> ...
 * --json FILE} in the workspace, its output streamed into the build log with every secret masked, its secrets passed
 * only through the environment. Interrupting the waiting thread (an aborted build) kills the process.
 */
public final class EngineProcess {

    /** Where results go in the workspace. */
    static final String RESULTS_DIR = ".mlops/results";
    /** Where reports go in the workspace. */
    static final String REPORTS_DIR = ".mlops/reports";
    /** The workspace's lineage record: the engine's default. */
    static final String LINEAGE = ".mlops/lineage.json";
    /**
     * Lets protobuf (inside Tribuo) use sun.misc.Unsafe without Java 24+ warning about it at the top of every step's
     * log. A system property, unlike {@code --sun-misc-unsafe-memory-access}, is accepted by every Java from 17 on;
     * the jar's manifest declares its native access (DuckDB) itself.
     */
    static final String ALLOW_UNSAFE_MEMORY_ACCESS = "-Dsun.misc.unsafe.memory.access=allow";

    /**
     * The engine's steps are batch work holding whole columns as large arrays, which G1 allocates as humongous objects,
     * starting a concurrent cycle for many of them: the parallel collector took about a tenth off 1M-row monitor and
     * validate runs and a third off a 10M-row validate's peak RSS (docs/benchmarks.md).
     */
    private static final String THROUGHPUT_COLLECTOR = "-XX:+UseParallelGC";
    /** An option choosing a collector: with two, the JVM does not start ("Multiple garbage collectors selected"). */
    private static final Pattern COLLECTOR_OPTION = Pattern.compile("-XX:\\+Use\\w+GC");
    /** Options every {@code java} on the agent reads from its environment. */
    private static final List<String> JAVA_OPTIONS_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    /** How a run ended: the exit code and the JSON result's text (null when the engine wrote none). */
    public record Outcome(int exitCode, String resultJson, FilePath resultFile) {
    }

    private final FilePath workspace;
    private final Launcher launcher;
    private final TaskListener listener;
    private final EnvVars env;
    private final String tool;
    private final List<String> jvmOptions;

    public EngineProcess(FilePath workspace, Launcher launcher, TaskListener listener, EnvVars env, String tool,
                         List<String> jvmOptions) {
        this.workspace = workspace;
        this.launcher = launcher;
        this.listener = listener;
        this.env = env;
        this.tool = tool;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Runs {@code mlops <arguments>} with {@code secrets} added to the environment; returns when the process ends.
     */
    public Outcome run(List<String> arguments, Map<String, String> secrets) throws IOException, InterruptedException {
        FilePath jar = jar();
        String java = workspace.act(new AgentJava());
        FilePath resultFile = workspace.child(RESULTS_DIR).child(arguments.get(0) + "-" + UUID.randomUUID() + ".json");
        resultFile.getParent().mkdirs();
        ArgumentListBuilder command = new ArgumentListBuilder(java).add(ALLOW_UNSAFE_MEMORY_ACCESS);
        if (!collectorChosen(jvmOptions, env)) {
            command.add(THROUGHPUT_COLLECTOR);
        }
        jvmOptions.forEach(command::add);
        command.add("-jar").add(jar.getRemote());
        arguments.forEach(command::add);
        command.add("--json").add(resultFile.getRemote());

        EnvVars processEnv = new EnvVars(env);
        processEnv.put("CI", "true"); // plain progress lines in the build log, no redrawn bars
        processEnv.putAll(secrets);
        MaskingOutputStream log = new MaskingOutputStream(listener.getLogger(), secrets.values());
        Proc proc = launcher.launch().cmds(command).envs(processEnv).pwd(workspace).stdout(log).start();
        int exitCode;
        try {
            exitCode = proc.join();
        } catch (InterruptedException e) {
            proc.kill();
            throw e;
        } finally {
            log.forceEol(); // a last line without a newline, masked too; closing would close the build log
            log.flush();
        }
        String json = resultFile.exists() ? resultFile.readToString() : null;
        return new Outcome(exitCode, json, resultFile);
    }

    /**
     * Whether the administrator's JVM options, or {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} in the step's
     * environment (the agent's own included), already choose a collector: then the engine runs with that one.
     */
    private static boolean collectorChosen(List<String> jvmOptions, Map<String, String> env) {
        List<String> given = new ArrayList<>(jvmOptions);
        for (String variable : JAVA_OPTIONS_VARIABLES) {
            String value = env.get(variable);
            if (value != null) {
                given.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return given.stream().anyMatch(option -> COLLECTOR_OPTION.matcher(option).matches());
    }

    private FilePath jar() throws IOException, InterruptedException {
        if (tool == null || tool.isBlank()) {
            return EngineJar.provision(workspace, listener);
        }
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        if (node == null) {
            throw new hudson.AbortException(Messages.EngineJar_Offline(workspace.getRemote()));
        }
        return MlopsInstallation.jar(tool, node, workspace, env, listener);
    }

    /** The Java the agent itself runs on: engine and agent need the same (17 or newer) anyway. */
    private static final class AgentJava extends MasterToSlaveCallable<String, IOException> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
            File bin = new File(System.getProperty("java.home"), "bin");
            return new File(bin, File.separatorChar == '\\' ? "java.exe" : "java").getAbsolutePath();
        }
    }

    /** Replaces each secret in the log by {@code ****}, line by line, as the credentials-binding plugin does. */
    static final class MaskingOutputStream extends LineTransformationOutputStream.Delegating {
        private final List<String> secrets = new ArrayList<>();

        MaskingOutputStream(OutputStream out, Iterable<String> secrets) {
            super(out);
            for (String s : secrets) {
                if (s != null && !s.isEmpty()) {
                    this.secrets.add(s);
                }
            }
        }

        @Override
        protected void eol(byte[] b, int len) throws IOException {
            if (secrets.isEmpty()) {
                out.write(b, 0, len);
                return;
            }
            String line = new String(b, 0, len, StandardCharsets.UTF_8);
            for (String s : secrets) {
                line = line.replace(s, "****");
            }
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
    }
}
