package dev.mlops.jenkins.register;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.Credentials;
import dev.mlops.jenkins.engine.EngineArguments;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.AbortException;
import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Runs {@code mlops register}; returns {@code [name, version, alias, sha256, registry, ...]}. */
final class RegisterModelStepExecution extends EngineStepExecution<RegisterModelStep> {

    private static final long serialVersionUID = 1L;

    RegisterModelStepExecution(RegisterModelStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        EngineArguments args = new EngineArguments("register").add("--model", step.getModel())
                .add("--name", step.getName()).add("--reason", step.getReason() != null ? step.getReason()
                        : Messages.RegisterModelStep_DefaultReason(run.getFullDisplayName()))
                .optional("--alias", step.getAlias()).pairs("--tag", step.getTags());
        addRegistry(args, step, config, run, secrets);
        if (step.getAuditKeyCredentialsId() != null) {
            secrets.put("MLOPS_AUDIT_HMAC_KEY", Credentials.secretText(run, step.getAuditKeyCredentialsId(),
                    "auditKeyCredentialsId"));
        }
        return args;
    }

    @Override
    protected Map<String, String> returnedFields() {
        return Map.of("name", "name",
                "version", "version",
                "alias", "alias",
                "sha256", "sha256",
                "registry", "registry");
    }

    @Override
    protected String deliveryModel(EngineResult result) {
        return result.exitCode() == 0 ? result.text("name") : null;
    }

    @Override
    protected String headline(EngineResult result) {
        return Messages.RegisterModelStep_Headline(result.text("name"), result.text("version"),
                result.get("alias") == null ? "-" : result.text("alias"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("registered", result.text("name") + " v" + result.text("version"));
        facts.put("registry", result.text("registry"));
        facts.put("model sha256", result.text("sha256"));
        return facts;
    }
}
