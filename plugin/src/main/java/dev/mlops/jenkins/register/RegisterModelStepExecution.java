package dev.mlops.jenkins.register;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.Credentials;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.AbortException;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Runs {@code mlops register}; returns {@code [name, version, alias, sha256, registry, ...]}. */
final class RegisterModelStepExecution extends EngineStepExecution<RegisterModelStep> {

    private static final long serialVersionUID = 1L;

    RegisterModelStepExecution(RegisterModelStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected List<String> arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        List<String> args = new ArrayList<>(List.of("register", "--model", step.getModel(), "--name",
                step.getName(), "--reason", step.getReason() != null ? step.getReason()
                        : Messages.RegisterModelStep_DefaultReason(run.getFullDisplayName())));
        if (step.getAlias() != null) {
            args.addAll(List.of("--alias", step.getAlias()));
        }
        step.getTags().forEach((key, value) -> args.addAll(List.of("--tag", key + "=" + value)));
        addRegistry(args, step, config, run, secrets);
        if (step.getAuditKeyCredentialsId() != null) {
            secrets.put("MLOPS_AUDIT_HMAC_KEY", Credentials.secretText(run, step.getAuditKeyCredentialsId(),
                    "auditKeyCredentialsId"));
        }
        return args;
    }

    @Override
    protected Map<String, Object> returnValue(EngineResult result) {
        Map<String, Object> out = baseReturn(result);
        out.put("name", result.get("name"));
        out.put("version", result.get("version"));
        out.put("alias", result.get("alias"));
        out.put("sha256", result.get("sha256"));
        out.put("registry", result.get("registry"));
        return out;
    }

    @Override
    protected String headline(EngineResult result) {
        if (result.get("version") == null) {
            return result.errorMessage();
        }
        return Messages.RegisterModelStep_Headline(result.text("name"), result.text("version"),
                result.get("alias") == null ? "-" : result.text("alias"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (result.get("version") != null) {
            facts.put("registered", result.text("name") + " v" + result.text("version"));
            facts.put("registry", result.text("registry"));
            facts.put("model sha256", result.text("sha256"));
        }
        return facts;
    }
}
