package dev.mlops.jenkins.webhook;

import dev.mlops.jenkins.config.MlopsConfiguration;
import hudson.Extension;
import hudson.model.CauseAction;
import hudson.model.InvisibleAction;
import hudson.model.Job;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.StringParameterValue;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import net.sf.json.JSONException;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code POST JENKINS_URL/mlops-webhook/}: accepts a signed event (see {@link WebhookSignatures}; the secret is the
 * global configuration's webhook credentials) and schedules every job whose {@link MlopsEventTrigger} matches, with
 * the event's fields as parameters. Unsigned, badly signed, stale and replayed calls get 403; accepted calls get 202
 * whatever they started, so the endpoint tells nothing about which jobs exist.
 */
@Extension
public final class MlopsWebhook extends InvisibleAction implements UnprotectedRootAction {

    static final String URL = "mlops-webhook";
    /** Events are small JSON objects; anything larger is refused before it is read further. */
    static final int MAX_BODY = 1 << 20;
    private static final Logger LOGGER = Logger.getLogger(MlopsWebhook.class.getName());

    private final WebhookSignatures signatures = new WebhookSignatures();

    @Override
    public String getUrlName() {
        return URL;
    }

    @POST
    public HttpResponse doIndex(StaplerRequest2 req) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return HttpResponses.status(413);
        }
        String secret = MlopsConfiguration.get().webhookSecret();
        if (secret == null || !signatures.accept(secret, req::getHeader, body, Instant.now().getEpochSecond())) {
            return HttpResponses.forbidden();
        }
        WebhookEvent event;
        try {
            event = WebhookEvent.parse(JSONObject.fromObject(new String(body, StandardCharsets.UTF_8)));
        } catch (JSONException e) {
            return HttpResponses.status(400);
        }
        int started = 0;
        try (ACLContext system = ACL.as2(ACL.SYSTEM2)) {
            for (Job<?, ?> job : Jenkins.get().allItems(Job.class)) {
                MlopsEventTrigger trigger = ParameterizedJobMixIn.getTrigger(job, MlopsEventTrigger.class);
                if (trigger != null && trigger.matches(event) && schedule(job, event)) {
                    started++;
                }
            }
        }
        LOGGER.log(Level.FINE, "mlops event {0} started {1} build(s)", new Object[] {event.type(), started});
        return HttpResponses.status(202);
    }

    private static boolean schedule(Job<?, ?> job, WebhookEvent event) {
        List<ParameterValue> values = new ArrayList<>();
        for (Map.Entry<String, String> field : event.fields().entrySet()) {
            values.add(new StringParameterValue(WebhookEvent.parameterName(field.getKey()), field.getValue()));
        }
        List<String> names = values.stream().map(ParameterValue::getName).toList();
        return ParameterizedJobMixIn.scheduleBuild2(job, -1, new CauseAction(new MlopsEventCause(event.type(),
                event.model(), event.dataset())), new ParametersAction(values, names)) != null;
    }

    /** The webhook authenticates by signature, so it needs no CSRF crumb (a caller outside Jenkins has none). */
    @Extension
    public static final class CrumbExclusionImpl extends CrumbExclusion {
        @Override
        public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String path = request.getPathInfo();
            if (path != null && (path.equals("/" + URL) || path.equals("/" + URL + "/"))) {
                chain.doFilter(request, response);
                return true;
            }
            return false;
        }
    }
}
