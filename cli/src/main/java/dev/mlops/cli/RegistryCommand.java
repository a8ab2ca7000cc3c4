package dev.mlops.cli;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.registry.ModelRef;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.ModelVersion;
import dev.mlops.engine.registry.RegistryEvent;
import dev.mlops.engine.registry.Registries;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops registry ...}: inspect and change the model registry. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "Inspect and change the model registry.",
        subcommands = {RegistryCommand.ListModels.class, RegistryCommand.Show.class, RegistryCommand.Alias.class,
                RegistryCommand.Tag.class,
                RegistryCommand.Rollback.class, RegistryCommand.History.class, RegistryCommand.Verify.class,
                RegistryCommand.Download.class})
final class RegistryCommand {

    /** Base of the subcommands: the registry option and the actor. */
    abstract static class RegistrySubcommand extends EngineCommand {
        @Mixin
        RegistryOption registry;

        ModelRegistry open() {
            return registry.open(env());
        }

        String actor() {
            return Registries.actor(env());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List models with their newest version "
            + "and aliases; --filter searches names.")
    static final class ListModels extends RegistrySubcommand {
        @Option(names = "--filter", paramLabel = "GLOB", description = "Only names matching, e.g. 'churn*' "
                + "(* and ? wildcards).")
        String filter;

        @Override
        Outcome run() {
            ModelRegistry r = open();
            java.util.regex.Pattern match = filter == null ? null : java.util.regex.Pattern.compile(
                    java.util.Arrays.stream(filter.split("\\*", -1))
                            .map(part -> java.util.Arrays.stream(part.split("\\?", -1))
                                    .map(java.util.regex.Pattern::quote)
                                    .collect(java.util.stream.Collectors.joining(".")))
                            .collect(java.util.stream.Collectors.joining(".*")));
            List<Map<String, Object>> models = new java.util.ArrayList<>();
            for (String name : r.models()) {
                if (match != null && !match.matcher(name).matches()) {
                    continue;
                }
                List<ModelVersion> versions = r.versions(name);
                Map<String, Integer> aliases = r.aliases(name);
                out().printf("%-30s %3d versions  %s%n", name, versions.size(), aliases);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("latestVersion", versions.isEmpty() ? null : versions.get(versions.size() - 1).version());
                m.put("aliases", aliases);
                models.add(m);
            }
            out().flush();
            return Outcome.passed(Map.of("registry", r.location(), "models", models));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one version: NAME, NAME@ALIAS or "
            + "NAME/VERSION.")
    static final class Show extends RegistrySubcommand {
        @Parameters(paramLabel = "REF", description = "NAME (newest), NAME@ALIAS or NAME/VERSION")
        String ref;

        @Override
        Outcome run() {
            ModelRegistry r = open();
            ModelVersion v = r.resolve(ModelRef.parse(ref));
            out().printf("%s/%d sha256 %s registered %s by %s tags %s source %s%n", v.name(), v.version(), v.sha256(),
                    v.registeredAt(), v.actor(), v.tags(), v.source());
            out().flush();
            return Outcome.passed(Map.of("registry", r.location(), "version", v));
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Point an alias at a version, or "
            + "remove it.")
    static final class Alias extends RegistrySubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "e.g. production, candidate")
        String alias;

        @Option(names = "--version", paramLabel = "N", description = "The version to point at.")
        Integer version;

        @Option(names = "--delete", description = "Remove the alias instead.")
        boolean delete;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why: recorded in the history.")
        String reason;

        @Override
        Outcome run() {
            if (delete == (version != null)) {
                throw new UsageException("give either --version N or --delete");
            }
            ModelRegistry r = open();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("registry", r.location());
            fields.put("name", name);
            fields.put("alias", alias);
            if (delete) {
                int was = r.deleteAlias(name, alias, actor(), reason);
                out().printf("removed %s@%s (was version %d)%n", name, alias, was);
                fields.put("previousVersion", was);
            } else {
                Optional<Integer> was = r.setAlias(name, alias, version, actor(), reason);
                out().printf("%s@%s -> %d%s%n", name, alias, version, was.map(p -> " (was " + p + ")").orElse(""));
                fields.put("version", version);
                was.ifPresent(p -> fields.put("previousVersion", p));
            }
            out().flush();
            return Outcome.passed(fields);
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, description = "Set tags on a registered version.")
    static final class Tag extends RegistrySubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Option(names = "--version", required = true, paramLabel = "N")
        int version;

        @Option(names = "--tag", required = true, paramLabel = "KEY=VALUE", description = "Repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();

        @Override
        Outcome run() {
            ModelRegistry r = open();
            tags.forEach((k, v) -> r.setTag(name, version, k, v, actor()));
            Map<String, String> now = r.get(name, version).tags();
            out().printf("%s/%d tags %s%n", name, version, now);
            out().flush();
            return Outcome.passed(Map.of("registry", r.location(), "name", name, "version", version, "tags", now));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Move an alias back to the version it "
            + "pointed at before it was last set.")
    static final class Rollback extends RegistrySubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Option(names = "--alias", defaultValue = "production", paramLabel = "ALIAS",
                description = "Default: ${DEFAULT-VALUE}.")
        String alias;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why: recorded in the "
                + "history.")
        String reason;

        @Override
        Outcome run() {
            ModelRegistry r = open();
            int from = r.resolve(new ModelRef(name, null, alias)).version();
            int to = Registries.rollback(r, name, alias, actor(), reason);
            out().printf("rolled back %s@%s: %d -> %d%n", name, alias, from, to);
            out().flush();
            return Outcome.passed(Map.of("registry", r.location(), "name", name, "alias", alias, "from", from, "to",
                    to));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every change to a model; with --alias "
            + "and --at, what the alias pointed at then.")
    static final class History extends RegistrySubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Option(names = "--alias", paramLabel = "ALIAS")
        String alias;

        @Option(names = "--at", paramLabel = "ISO-8601", description = "e.g. 2026-11-01T12:00:00Z")
        String at;

        @Override
        Outcome run() {
            ModelRegistry r = open();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("registry", r.location());
            fields.put("name", name);
            if (at != null) {
                if (alias == null) {
                    throw new UsageException("--at needs --alias");
                }
                Instant when;
                try {
                    when = Instant.parse(at);
                } catch (DateTimeParseException e) {
                    throw new UsageException("--at: expected an ISO-8601 instant such as 2026-11-01T12:00:00Z, got '"
                            + at + "'");
                }
                Optional<Integer> v = r.aliasAt(name, alias, when);
                out().printf("%s@%s at %s: %s%n", name, alias, when, v.map(String::valueOf).orElse("(not set)"));
                fields.put("alias", alias);
                fields.put("at", when.toString());
                fields.put("version", v.orElse(null));
            } else {
                List<RegistryEvent> events = r.history(name).stream()
                        .filter(e -> alias == null || alias.equals(e.alias())).toList();
                for (RegistryEvent e : events) {
                    out().printf("%s  %-13s v%-3s %s%s by %s%s%n", e.time(), e.type(), e.version(),
                            e.alias() == null ? "" : "@" + e.alias(),
                            e.previousVersion() == null ? "" : " (was " + e.previousVersion() + ")", e.actor(),
                            e.reason() == null ? "" : ": " + e.reason());
                }
                fields.put("events", events);
            }
            out().flush();
            return Outcome.passed(fields);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check every stored bundle against its "
            + "SHA-256 and the history's hash chain. Exit 14 on a problem.")
    static final class Verify extends RegistrySubcommand {
        @Override
        Outcome run() {
            ModelRegistry r = open();
            ModelRegistry.VerifyReport report = r.verify();
            out().printf("%s: %s (%d models, %d versions, %d events)%n", r.location(),
                    report.clean() ? "clean" : report.problems().size() + " problem(s)", report.models(),
                    report.versions(), report.events());
            report.problems().forEach(p -> out().println("  problem: " + p));
            report.notices().forEach(n -> out().println("  notice: " + n));
            out().flush();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("registry", r.location());
            fields.put("models", report.models());
            fields.put("versions", report.versions());
            fields.put("events", report.events());
            fields.put("problems", report.problems());
            fields.put("notices", report.notices());
            return new Outcome(report.clean() ? "passed" : "failed",
                    report.clean() ? ExitCodes.OK : ExitCodes.AUDIT_FAILED, fields);
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Copy a version's bundle out, "
            + "checking its SHA-256.")
    static final class Download extends RegistrySubcommand {
        @Parameters(paramLabel = "REF", description = "NAME (newest), NAME@ALIAS or NAME/VERSION")
        String ref;

        @Option(names = "--out", required = true, paramLabel = "PATH", description = "A file, or a directory.")
        Path destination;

        @Override
        Outcome run() {
            ModelRegistry r = open();
            ModelVersion v = r.resolve(ModelRef.parse(ref));
            Path written = r.download(v.name(), v.version(), destination);
            out().printf("downloaded %s/%d to %s%n", v.name(), v.version(), written);
            out().flush();
            return Outcome.passed(Map.of("registry", r.location(), "name", v.name(), "version", v.version(),
                    "sha256", v.sha256(), "path", written.toString()));
        }
    }
}
