package dev.mlops.cli;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.registry.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops audit verify}: check a hash-chained audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the tamper-evident audit log.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {"Check every entry's hash and link, "
            + "the head anchor and (with a key) every HMAC.", "Exit 0 when intact, 14 naming the first broken line "
            + "and the kind of tampering."})
    static final class Verify extends EngineCommand {
        @Mixin
        RegistryOption registry;

        @Option(names = "--log", paramLabel = "FILE", description = "An audit log file (instead of --registry's).")
        Path log;

        @Option(names = "--hmac-key-env", paramLabel = "VAR", defaultValue = AuditLog.HMAC_KEY_ENV,
                description = "Environment variable with the HMAC key (default: ${DEFAULT-VALUE}); unset: hashes "
                        + "only.")
        String keyEnv;

        @Override
        Outcome run() {
            String key = env().get(keyEnv);
            byte[] keyBytes = key == null || key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
            Path file = log != null ? log : registry.open(env()).auditLog().file();
            if (!Files.exists(file)) {
                throw new UsageException("no audit log at " + file);
            }
            List<AuditLog.Problem> problems = new AuditLog(file, keyBytes).verify();
            List<AuditLog.Problem> real = problems.stream().filter(p -> !p.harmless()).toList();
            out().printf("%s: %s%s%n", file, real.isEmpty() ? "intact" : real.size() + " problem(s)",
                    keyBytes == null ? " (hashes; no HMAC key given)" : " (hashes and HMACs)");
            problems.forEach(p -> out().printf("  line %d: %s: %s%n", p.line(), p.kind(), p.message()));
            out().flush();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("log", file.toString());
            fields.put("hmac", keyBytes != null);
            fields.put("problems", problems);
            return new Outcome(real.isEmpty() ? "passed" : "failed",
                    real.isEmpty() ? ExitCodes.OK : ExitCodes.AUDIT_FAILED, fields);
        }
    }
}
